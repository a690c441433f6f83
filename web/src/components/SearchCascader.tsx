/**
 * An antd Cascader with search where Enter does what the operator expects after typing a name:
 * it picks the highlighted match (arrow keys), or else the first one (the only one, most often).
 * The Cascader alone picks nothing on Enter until an arrow key has highlighted a match, so a
 * typed 幸福里 followed by Enter left the place empty.
 */
import { Cascader, type CascaderProps } from 'antd'
import type { CascaderRef, DefaultOptionType } from 'antd/es/cascader'
import { type KeyboardEvent, type Ref, useRef } from 'react'

export function SearchCascader({ ref, ...props }: CascaderProps<DefaultOptionType, 'value', false> & { ref?: Ref<CascaderRef> }) {
  const popup = useRef<HTMLDivElement>(null)
  const onKeyDownCapture = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return
    const list = popup.current
    // a match highlighted by the arrow keys: the Cascader's own Enter takes it
    if (!list || list.querySelector('.ant-cascader-menu-item-active')) return
    const first = list.querySelector<HTMLElement>('.ant-cascader-menu-item:not(.ant-cascader-menu-item-disabled)')
    // not searching (the columns show districts, a click there only opens the next column) or no match
    if (!first || !list.querySelector('.ant-cascader-menu-item-keyword')) return
    e.preventDefault()
    e.stopPropagation()
    first.click()
  }
  return (
    <div onKeyDownCapture={onKeyDownCapture}>
      <Cascader
        ref={ref}
        {...props}
        popupRender={(menus) => <div ref={popup}>{props.popupRender ? props.popupRender(menus) : menus}</div>}
      />
    </div>
  )
}
