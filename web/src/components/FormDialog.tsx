/**
 * A form in a modal that sends once its fields are valid: the fields show their own messages, the
 * OK button spins while it sends, and the server's refusal is said in plain words inside the form.
 */
import { Alert, Form, type FormInstance, Modal, type ModalProps } from 'antd'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors.ts'

export function FormDialog<V extends object>({
  form,
  title,
  onSubmit,
  onCancel,
  onError,
  initialValues,
  modal,
  children,
}: {
  form: FormInstance<V>
  title: ReactNode
  onSubmit(values: V): Promise<unknown>
  onCancel(): void
  /** besides showing it (e.g. reload what turned out stale) */
  onError?(error: unknown): void
  initialValues?: Partial<V>
  modal?: Omit<ModalProps, 'open' | 'title' | 'onOk' | 'onCancel' | 'confirmLoading'>
  children: ReactNode
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const submit = async () => {
    const values = await form.validateFields().catch(() => null)
    if (!values) return
    setBusy(true)
    setError(null)
    try {
      await onSubmit(values)
    } catch (e) {
      setError(e)
      onError?.(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={title}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      okText={t('confirm')}
      cancelText={t('cancel')}
      {...modal}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} requiredMark>
        {children}
        {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      </Form>
    </Modal>
  )
}
