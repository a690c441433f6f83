/** Checks a mainland resident ID number (GB 11643-1999): birth date and the ISO 7064 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function isValidIdNumber(value: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(value)) return false
  const year = Number(value.slice(6, 10))
  const month = Number(value.slice(10, 12))
  const day = Number(value.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (WEIGHTS[i] as number)
  return CHECK[sum % 11] === value[17]?.toUpperCase()
}

/** Completes 17 digits with their check character (demo data and tests). */
export function withCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number)
  return first17 + CHECK[sum % 11]
}
