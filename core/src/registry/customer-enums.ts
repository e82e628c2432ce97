import type { Labels } from './types.js';

/**
 * English and Simplified Chinese labels of the archive's enumerations, shown by `GET /api/v1/meta`
 * and used to read Chinese values in CSV imports. Terms follow the company handbooks (DOMAIN.md).
 */
export const CUSTOMER_ENUMS: Record<string, Record<string, Labels>> = {
  'customer.kind': {
    individual: { en: 'Individual', 'zh-CN': '零售个人客户' },
    business: { en: 'Business', 'zh-CN': '商业客户' },
    organization: { en: 'Organization', 'zh-CN': '组织客户' },
  },
  'customer.status': {
    potential: { en: 'Potential', 'zh-CN': '潜在客户' },
    active: { en: 'Active', 'zh-CN': '现实客户' },
    dormant: { en: 'Dormant', 'zh-CN': '休眠客户' },
    terminated: { en: 'Terminated', 'zh-CN': '已终止' },
  },
  'customer.chainPosition': {
    intermediary: { en: 'Intermediary customer', 'zh-CN': '中间客户' },
    end: { en: 'End customer', 'zh-CN': '最终客户' },
  },
  'customer.internal': {
    true: { en: 'Internal', 'zh-CN': '内部客户' },
    false: { en: 'External', 'zh-CN': '外部客户' },
  },
  'communication.channel': {
    call: { en: 'Phone call', 'zh-CN': '电话' },
    visit: { en: 'Visit', 'zh-CN': '拜访' },
    email: { en: 'Email', 'zh-CN': '邮件' },
    meeting: { en: 'Meeting', 'zh-CN': '会议' },
    message: { en: 'Message', 'zh-CN': '消息' },
  },
  'communication.direction': {
    outbound: { en: 'Outbound', 'zh-CN': '主动联系' },
    inbound: { en: 'Inbound', 'zh-CN': '客户来电/来访' },
  },
  'customField.type': {
    text: { en: 'Text', 'zh-CN': '文本' },
    number: { en: 'Number', 'zh-CN': '数字' },
    date: { en: 'Date', 'zh-CN': '日期' },
    boolean: { en: 'Yes/no', 'zh-CN': '是/否' },
    enum: { en: 'Choice', 'zh-CN': '选项' },
  },
  'accessGrant.status': {
    pending: { en: 'Pending approval', 'zh-CN': '待审批' },
    approved: { en: 'Approved', 'zh-CN': '已批准' },
    rejected: { en: 'Rejected', 'zh-CN': '已拒绝' },
    revoked: { en: 'Revoked', 'zh-CN': '已撤销' },
    expired: { en: 'Expired', 'zh-CN': '已过期' },
  },
};
