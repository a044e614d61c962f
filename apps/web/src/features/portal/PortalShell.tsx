import type { ReactNode } from 'react'
import { Typography } from 'antd'
import LanguageSwitch from '../../components/LanguageSwitch'
import { usePortalLocale } from './usePortalLocale'
import styles from './portal.module.css'

/** The public pages' frame: no login, no menu, a phone-wide column. */
export default function PortalShell({ title, tenant, children }: { title: string, tenant?: string, children: ReactNode }) {
  usePortalLocale()
  return (
    <div className={styles.page}>
      <div className={styles.column}>
        <div className={styles.header}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
            {tenant && <div className={styles.tenant}>{tenant}</div>}
          </div>
          <LanguageSwitch size="small" />
        </div>
        {children}
      </div>
    </div>
  )
}
