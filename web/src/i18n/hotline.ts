/** The 12345 operator's desk. */
export const hotline = {
  'zh-CN': {
    title: '12345 热线受理',
  },
  en: {
    title: '12345 hotline desk',
  },
}
