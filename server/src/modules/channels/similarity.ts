/**
 * Text similarity for the duplicates hint: the Dice coefficient of character bigrams. Chinese has
 * no spaces, and two reports of one matter share most two-character runs (垃圾, 清运, 北门) even
 * when worded differently, so bigrams work without a dictionary; Latin words are lower-cased and
 * digits kept, punctuation and spaces dropped.
 */
export function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')]
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1])
  return grams
}

/** 0 (nothing shared) … 1 (the same bigrams). */
export function similarity(a: string, b: string): number {
  const x = bigrams(a)
  const y = bigrams(b)
  if (!x.size || !y.size) return 0
  let shared = 0
  for (const g of x) if (y.has(g)) shared++
  return (2 * shared) / (x.size + y.size)
}
