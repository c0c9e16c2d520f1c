// A settings form's draft follows its saved value, but only when that value changes: the library's
// settings are one object, and saving one card replaces it whole, which must not wipe the unsaved
// edits of another card.

/**
 * Returns a function to call (from an effect) with the saved value: it calls `fill` the first time
 * and whenever the value differs (as JSON) from the one it last filled from; undefined is skipped.
 */
export function refiller<T>(fill: (saved: T) => void): (saved: T | undefined) => void {
  let last: string | undefined;
  return (saved) => {
    if (saved === undefined) return;
    const json = JSON.stringify(saved);
    if (json === last) return;
    last = json;
    fill(saved);
  };
}
