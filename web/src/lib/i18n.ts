/** UI text lives here, zh-CN first; never inline in components. */
export const dictionaries = {
  'zh-CN': {
    appName: '小兰',
    tagline: '兰州市社会治理指挥平台',
    health: '服务状态',
    healthy: '运行正常',
    switchLanguage: 'English',
  },
  en: {
    appName: 'Xiaolan',
    tagline: "Lanzhou's social-governance command platform",
    health: 'Service status',
    healthy: 'Running',
    switchLanguage: '中文',
  },
} as const

export type Locale = keyof typeof dictionaries
export type MessageKey = keyof (typeof dictionaries)['zh-CN']
