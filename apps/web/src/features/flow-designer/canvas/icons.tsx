import AlertOutlined from '@ant-design/icons-svg/es/asn/AlertOutlined'
import ApartmentOutlined from '@ant-design/icons-svg/es/asn/ApartmentOutlined'
import AppstoreOutlined from '@ant-design/icons-svg/es/asn/AppstoreOutlined'
import AuditOutlined from '@ant-design/icons-svg/es/asn/AuditOutlined'
import BellOutlined from '@ant-design/icons-svg/es/asn/BellOutlined'
import BranchesOutlined from '@ant-design/icons-svg/es/asn/BranchesOutlined'
import ClockCircleOutlined from '@ant-design/icons-svg/es/asn/ClockCircleOutlined'
import CodeOutlined from '@ant-design/icons-svg/es/asn/CodeOutlined'
import EditOutlined from '@ant-design/icons-svg/es/asn/EditOutlined'
import ForkOutlined from '@ant-design/icons-svg/es/asn/ForkOutlined'
import HourglassOutlined from '@ant-design/icons-svg/es/asn/HourglassOutlined'
import MergeCellsOutlined from '@ant-design/icons-svg/es/asn/MergeCellsOutlined'
import PlayCircleOutlined from '@ant-design/icons-svg/es/asn/PlayCircleOutlined'
import StopOutlined from '@ant-design/icons-svg/es/asn/StopOutlined'
import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined'
import type { AbstractNode, IconDefinition } from '@ant-design/icons-svg/es/types'
import { createElement, memo, type ReactNode } from 'react'

/**
 * Node-type icons drawn straight from antd's icon definitions: the same pictures as
 * @ant-design/icons without its per-instance context and style hooks, which add up on a
 * 500-node canvas.
 */
const BY_NAME: Record<string, IconDefinition> = {
  AlertOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, BellOutlined, BranchesOutlined,
  ClockCircleOutlined, CodeOutlined, EditOutlined, ForkOutlined, HourglassOutlined, MergeCellsOutlined,
  PlayCircleOutlined, StopOutlined, UserOutlined,
}

const BY_TYPE: Record<string, IconDefinition> = {
  start: PlayCircleOutlined,
  end: StopOutlined,
  userTask: UserOutlined,
  approval: AuditOutlined,
  exclusive: BranchesOutlined,
  parallelSplit: ForkOutlined,
  parallelJoin: MergeCellsOutlined,
  timer: ClockCircleOutlined,
  slaBoundary: AlertOutlined,
  notify: BellOutlined,
  setFields: EditOutlined,
  script: CodeOutlined,
  subflow: ApartmentOutlined,
  waitForEvent: HourglassOutlined,
}

function render(node: AbstractNode, key?: number): ReactNode {
  return createElement(node.tag, { key, ...node.attrs }, node.children?.map(render))
}

/** A node type's icon: the plugin's (antd icon name or SVG data URL), else ours, else a generic one. */
export const NodeIcon = memo(({ type, icon, className }: { type: string, icon?: string, className?: string }) => {
  if (icon?.startsWith('data:image/')) return <img src={icon} alt="" width={16} height={16} className={className} />
  const def = (icon && BY_NAME[icon]) || BY_TYPE[type] || AppstoreOutlined
  const svg = typeof def.icon === 'function' ? def.icon('currentColor', '#e6f4ff') : def.icon
  return (
    <span className={className} role="img" aria-hidden style={{ display: 'inline-flex', lineHeight: 0 }}>
      <svg viewBox={svg.attrs.viewBox} width="1em" height="1em" fill="currentColor" focusable="false">
        {svg.children?.map(render)}
      </svg>
    </span>
  )
})

/**
 * On the canvas the icon is one element painted through a CSS mask: a node then costs a single box
 * for its icon instead of a span, an svg and its paths (500 nodes × that adds up in layout).
 */
let injected = false
function injectIconCss(): void {
  if (injected) return
  injected = true
  const toSvg = (n: AbstractNode): string =>
    `<${n.tag}${Object.entries(n.attrs).map(([k, v]) => ` ${k}="${v}"`).join('')}>${(n.children ?? []).map(toSvg).join('')}</${n.tag}>`
  const rule = (key: string, def: IconDefinition) => {
    const svg = typeof def.icon === 'function' ? def.icon('currentColor', '#e6f4ff') : def.icon
    const xml = toSvg({ ...svg, attrs: { ...svg.attrs, xmlns: 'http://www.w3.org/2000/svg' } })
    return `[data-fd-icon="${key}"]{--fd-icon:url("data:image/svg+xml,${encodeURIComponent(xml)}")}`
  }
  const style = document.createElement('style')
  style.textContent = [...Object.entries(BY_NAME), ...Object.entries(BY_TYPE)].map(([k, d]) => rule(k, d)).join('\n')
  document.head.appendChild(style)
}

export const CanvasIcon = memo(({ type, icon, className }: { type: string, icon?: string, className?: string }) => {
  injectIconCss()
  if (icon?.startsWith('data:image/')) return <img src={icon} alt="" width={16} height={16} className={className} />
  const key = icon && BY_NAME[icon] ? icon : BY_TYPE[type] ? type : 'AppstoreOutlined'
  return <span className={className} data-fd-icon={key} aria-hidden />
})
