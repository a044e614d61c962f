import {
  AlertOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, BellOutlined, BranchesOutlined,
  ClockCircleOutlined, CodeOutlined, EditOutlined, ForkOutlined, HourglassOutlined, MergeCellsOutlined,
  PlayCircleOutlined, StopOutlined, UserOutlined,
} from '@ant-design/icons'
import type { ComponentType } from 'react'

type Icon = ComponentType<{ className?: string }>

/** antd icon names a plugin may give as `icon`, plus what each core type shows. */
const BY_NAME: Record<string, Icon> = {
  AlertOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, BellOutlined, BranchesOutlined,
  ClockCircleOutlined, CodeOutlined, EditOutlined, ForkOutlined, HourglassOutlined, MergeCellsOutlined,
  PlayCircleOutlined, StopOutlined, UserOutlined,
}

const BY_TYPE: Record<string, Icon> = {
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

/** A node type's icon: the plugin's (antd name or SVG data URL), else ours, else a generic one. */
export function NodeIcon({ type, icon, className }: { type: string, icon?: string, className?: string }) {
  if (icon?.startsWith('data:image/')) return <img src={icon} alt="" width={16} height={16} className={className} />
  const C = (icon && BY_NAME[icon]) || BY_TYPE[type] || AppstoreOutlined
  return <C className={className} />
}
