import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { BankOutlined, LockOutlined, UserOutlined } from '@ant-design/icons'
import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { authApi } from '../api/auth'
import { ApiError } from '../api/client'
import { errorMessage } from '../api/errors'
import type { LoginRequest } from '../api/types'
import LanguageSwitch from '../components/LanguageSwitch'
import { useT } from '../i18n'
import { homePath } from '../layout/nav'
import { isLoggedIn, lastTenant, useAuthStore } from '../stores/auth'
import styles from './LoginPage.module.css'

export default function LoginPage() {
  const t = useT()
  const navigate = useNavigate()
  const location = useLocation()
  const loggedIn = useAuthStore(isLoggedIn)
  const setSession = useAuthStore(s => s.setSession)
  const expired = useAuthStore(s => s.logoutReason === 'expired')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const from = (location.state as { from?: string } | null)?.from
  const target = from && from !== '/login' ? from : homePath
  if (loggedIn) return <Navigate to={target} replace />

  async function onFinish(values: LoginRequest) {
    setSubmitting(true)
    setError(null)
    try {
      const res = await authApi.login({ ...values, tenant: values.tenant.trim(), username: values.username.trim() })
      setSession(res)
      navigate(target, { replace: true })
    }
    catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('login.invalidCredentials') : t('login.failed', { message: errorMessage(e, t) }))
      setSubmitting(false)
    }
  }

  return (
    <div className={styles.page}>
      <div className={styles.lang}><LanguageSwitch size="small" /></div>
      <Card className={styles.card}>
        <div className={styles.head}>
          <Typography.Title level={2} className={styles.title}>{t('login.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {expired && !error && <Alert type="info" showIcon title={t('error.sessionExpired')} className={styles.alert} data-testid="session-expired" />}
        {error && <Alert type="error" showIcon title={error} className={styles.alert} data-testid="login-error" />}
        <Form<LoginRequest>
          name="login"
          layout="vertical"
          requiredMark={false}
          initialValues={{ tenant: lastTenant() }}
          onFinish={onFinish}
          disabled={submitting}
        >
          <Form.Item label={t('login.tenant')} name="tenant" rules={[{ required: true, whitespace: true, message: t('login.tenantRequired') }]}>
            <Input prefix={<BankOutlined />} placeholder={t('login.tenantPlaceholder')} autoComplete="organization" />
          </Form.Item>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} placeholder={t('login.usernamePlaceholder')} autoComplete="username" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} placeholder={t('login.passwordPlaceholder')} autoComplete="current-password" />
          </Form.Item>
          {/* The delay keeps fast logins from flashing a spinner (and avoids a stuck loading icon). */}
          <Button type="primary" htmlType="submit" block loading={submitting && { delay: 300 }} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
