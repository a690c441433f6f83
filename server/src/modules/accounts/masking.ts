/** How personal data looks where it must not be read in full. */
export const maskPhone = (phone: string | null) => (phone ? phone.replace(/^(.{3}).*(.{4})$/, '$1****$2') : null)
export const maskName = (name: string | null) => (name ? `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}` : null)

/** Phone numbers and ID numbers written into free text (a note, a description). */
export const maskFreeText = (text: string) =>
  text
    .replace(/\d{17}[\dXx]|\d{15}/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 5)}${m.slice(-2)}`)
    .replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`)

/** Free text shown to the public: phones and ID numbers masked, and the reporter's own name wherever it was written. */
export const maskPublicText = (text: string, reporterName: string | null) => {
  const masked = maskFreeText(text)
  return reporterName && [...reporterName].length >= 2 ? masked.replaceAll(reporterName, maskName(reporterName) as string) : masked
}
