/**
 * The bell of in-app notices (issue 18 item 4): on a resident's 我的 and in the staff header. Its count
 * is the unread notices (99+ beyond), kept live by the stream the page names (a resident's own, or
 * the staff's personal one); a notice is worded from its template in the reader's language, opens
 * its event and is marked read; 全部已读 marks them all.
 */
import { BellOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { NoticeView } from '@xiaolan/contracts'
import { Badge, Button, List, Popover, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { NOTICE_READS, useLiveNotices } from '../lib/live.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'

export function NoticeBell({ stream, linkOf }: { stream: string; linkOf: (notice: NoticeView) => string | null }) {
  const { t } = useTranslation('notices')
  const [open, setOpen] = useState(false)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  useLiveNotices(stream)
  const { data } = useQuery({ ...apiQuery('GET /notices', { query: {} }), refetchOnWindowFocus: true })
  const unread = data?.unread ?? 0
  const refresh = () => invalidate(queryClient, NOTICE_READS)

  const openNotice = async (notice: NoticeView) => {
    if (!notice.read) await call('POST /notices/:id/read', { params: { id: notice.id } })
    refresh()
    setOpen(false)
    const to = linkOf(notice)
    if (to) navigate(to)
  }

  const list = (
    <div className="notice-list" style={{ width: 'min(340px, 86vw)' }} data-testid="notice-list">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <strong>{t('title')}</strong>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          onClick={async () => {
            await call('POST /notices/read-all')
            refresh()
          }}
          data-testid="notice-read-all"
        >
          {t('markAll')}
        </Button>
      </div>
      <List
        size="small"
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        style={{ maxHeight: 360, overflowY: 'auto' }}
        renderItem={(n) => (
          <List.Item style={{ padding: 0 }}>
            <button
              type="button"
              className="notice-item"
              data-testid="notice-item"
              data-read={n.read}
              onClick={() => void openNotice(n)}
              style={{
                all: 'unset',
                cursor: 'pointer',
                display: 'block',
                width: '100%',
                padding: '8px 4px',
                minHeight: 44,
                boxSizing: 'border-box',
                fontWeight: n.read ? 'normal' : 600,
              }}
            >
              <span>{t(`template.${n.template}`, { number: n.params.number ?? '', unit: n.params.unit ?? '' })}</span>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, fontWeight: 'normal' }}>
                {formatChinaTime(n.createdAt)}
                {n.read ? '' : ` · ${t('unread')}`}
              </Typography.Text>
            </button>
          </List.Item>
        )}
      />
    </div>
  )
  return (
    <Popover content={list} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button
        type="text"
        aria-label={unread ? t('bellUnread', { count: unread }) : t('bell')}
        data-testid="notice-bell"
        style={{ minWidth: 44, minHeight: 44 }}
      >
        <Badge count={unread} overflowCount={99} size="small" data-testid="notice-unread">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  )
}
