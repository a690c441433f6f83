/** The staff shell, on every staff page: the areas, who is signed in, the menu of the big screen; and the browser tab's titles. */
export const staff = {
  'zh-CN': {
    'area.workbench': '工作台',
    'area.hotline': '热线',
    'area.grid': '网格',
    'area.screen': '大屏',
    'area.kpi': '考核',
    'area.admin': '管理',
    areas: '工作区域',
    menu: '菜单',
    notYourArea: '您的角色不使用这个页面，请从上方进入您的工作区域',
    tabTitle: '{{page}} · {{app}}',
  },
  en: {
    'area.workbench': 'Workbench',
    'area.hotline': 'Hotline',
    'area.grid': 'Grid',
    'area.screen': 'Big screen',
    'area.kpi': 'Performance',
    'area.admin': 'Admin',
    areas: 'Work areas',
    menu: 'Menu',
    notYourArea: 'This page is not part of your role’s work: open one of your areas above',
    tabTitle: '{{page}} · {{app}}',
  },
}
