/** The administrators' console. */
export const admin = {
  'zh-CN': {
    title: '系统管理',
  },
  en: {
    title: 'Administration',
  },
}
