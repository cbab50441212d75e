/**
 * Keep a metric's label values bounded when they come from code we do not control (a `use:`
 * connector's `count(name, label)`, result codes): at most `max` distinct values, the rest
 * counted under `other` (callers cut values to {@link MAX_LABEL_LENGTH} first), and one warning the first time the cap is hit (never one per value, and
 * never the value: it may come from an event).
 * @module
 */

/** The label value that stands for every value past the cap. */
export const OTHER_LABEL = 'other'

/** Longest label value kept; longer ones are cut (a label is a name, not a value). */
export const MAX_LABEL_LENGTH = 64

/**
 * @example
 * const codes = boundedLabels(64, () => logger.warn({ max: 64 }, 'too many codes'))
 * events.inc({ code: codes('SENT') })
 */
export function boundedLabels(max: number, onCapped: () => void): (value: string) => string {
  const seen = new Set<string>()
  let warned = false
  return (value) => {
    if (seen.has(value)) return value
    if (seen.size < max) {
      seen.add(value)
      return value
    }
    if (!warned) {
      warned = true
      onCapped()
    }
    return OTHER_LABEL
  }
}
