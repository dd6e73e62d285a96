// Pure Dutch wording for texts that scripts fill in; no DOM, runs under `node --test`.

/** "1 invulling", "2 invullingen", "0 invullingen": the count with the form of the word that fits it
 * (a noun, or a verb: counted(2, 'stond', 'stonden') is "2 stonden"). */
export function counted(n, one, many) {
  return `${n.toLocaleString('nl-NL')} ${wordFor(n, one, many)}`;
}

/** The word alone: wordFor(1, 'invulling', 'invullingen') is "invulling". */
export function wordFor(n, one, many) {
  return n === 1 ? one : many;
}

/** "A", "A en B", "A, B en C". */
export function listText(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/** "X ontbreekt nog", "X en Y ontbreken nog", "X, Y en Z ontbreken nog": titles kept as written. */
export function missingText(titles) {
  return `${listText(titles)} ${titles.length === 1 ? 'ontbreekt' : 'ontbreken'} nog`;
}
