import { Avatar, Button, Layout, Space, Tag, Typography } from 'antd'
import { LogoutOutlined, UserOutlined } from '@ant-design/icons'
import LanguageSwitch from '../components/LanguageSwitch'
import { useT } from '../i18n'
import { useAuthStore } from '../stores/auth'
import styles from './AppLayout.module.css'

export default function AppHeader() {
  const t = useT()
  const user = useAuthStore(s => s.user)
  const tenant = useAuthStore(s => s.tenant)
  const logout = useAuthStore(s => s.logout)

  return (
    <Layout.Header className={styles.header}>
      <Typography.Text type="secondary" data-testid="tenant-name" className={styles.wideOnly}>
        {tenant ? t('header.tenant', { name: tenant.name }) : null}
      </Typography.Text>
      <Space size="middle">
        <LanguageSwitch size="small" />
        {user && (
          <Space size="small" data-testid="current-user">
            <Avatar size="small" icon={<UserOutlined />} />
            <span>{user.displayName}</span>
            <Tag className={styles.wideOnly}>{t(`role.${user.role}`)}</Tag>
          </Space>
        )}
        <Button
          icon={<LogoutOutlined />}
          aria-label={t('header.logout')}
          data-testid="logout"
          onClick={() => logout('user')}
        >
          <span className={styles.wideOnly}>{t('header.logout')}</span>
        </Button>
      </Space>
    </Layout.Header>
  )
}
