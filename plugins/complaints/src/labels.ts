/** The words the complaint process uses, in both languages the product ships: the console and the forms. */
export type Lang = 'en' | 'zh-CN';
type Labels = Record<string, { en: string; 'zh-CN': string }>;
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export const VALUE_LABELS: Record<string, Labels> = {
  state: {
    received: L('Received', '已接收'),
    accepted: L('Accepted', '已受理'),
    investigating: L('Investigating', '调查中'),
    responsibility: L('Responsibility established', '责任已确定'),
    handling: L('Handling', '处理中'),
    replied: L('Replied', '已答复'),
    waiting_customer: L('Waiting for the customer', '等待客户'),
    waiting_third_party: L('Waiting for a third party', '等待第三方'),
    closed: L('Closed', '已结案'),
    withdrawn: L('Withdrawn', '已撤回'),
    duplicate: L('Duplicate', '重复投诉'),
  },
  severity: {
    critical: L('Critical', '紧急'),
    high: L('High', '高'),
    normal: L('Normal', '一般'),
    low: L('Low', '低'),
  },
  nature: {
    key: L('Key', '关键抱怨'),
    general: L('General', '一般抱怨'),
    false: L('False', '虚假抱怨'),
    malicious: L('Malicious', '恶意抱怨'),
  },
  channel: {
    phone: L('Phone', '电话'),
    visit: L('Visit', '来访'),
    email: L('E-mail', '电子邮件'),
    letter: L('Letter', '信函'),
    web_form: L('Web form', '网上表单'),
    instant_message: L('Instant message', '即时消息'),
  },
  emotion: {
    calm: L('Calm', '平静'),
    upset: L('Upset', '不满'),
    extreme: L('Extreme', '情绪激烈'),
  },
  rmlsp: {
    regret: L('Regret', '致歉'),
    manners: L('Manners', '礼貌'),
    listen: L('Listen', '倾听'),
    sympathise: L('Sympathise', '同情'),
    promise: L('Promise', '承诺'),
  },
  party: {
    our_department: L('Our department', '本公司部门'),
    supplier: L('Supplier', '供应商'),
    carrier: L('Carrier', '承运商'),
    customer: L('Customer', '客户'),
    none: L('None', '无责任方'),
    unknown: L('Not established', '未确定'),
  },
  remedy: {
    explanation: L('Explanation', '解释说明'),
    replacement: L('Replacement', '更换'),
    repair: L('Repair', '维修'),
    refund: L('Refund', '退款'),
    compensation: L('Compensation', '赔偿'),
    claim: L('Claim (third party)', '索赔'),
  },
  remedyStatus: {
    done: L('Done', '已完成'),
    approved: L('Approved', '已批准'),
    rejected: L('Rejected', '已驳回'),
    pending_approval: L('Awaiting approval', '待审批'),
    claim_open: L('Claim open', '索赔中'),
    claimed: L('Claimed', '已提出索赔'),
    recovered: L('Recovered', '已追回'),
  },
  sla: {
    within: L('Within target', '时限内'),
    warning: L('Warning', '预警'),
    breached: L('Breached', '已超时'),
    paused: L('Paused', '已暂停'),
    met: L('Met', '已达成'),
  },
  issue: {
    open: L('Open', '待评估'),
    assessed: L('Widespread, change under way', '普遍性，整改中'),
    closed: L('Closed', '已关闭'),
    isolated: L('Isolated', '个别问题'),
    widespread: L('Widespread', '普遍性问题'),
  },
  waitingFor: {
    customer: L('The customer', '客户'),
    third_party: L('A third party', '第三方'),
  },
  transition: {
    accept: L('Accept and identify', '受理与鉴定'),
    investigate: L('Investigation', '调查原因'),
    establishResponsibility: L('Responsibility', '确定责任'),
    handle: L('Remedies', '处理措施'),
    reply: L('Reply to the customer', '答复客户'),
    returnVisit: L('Return visit', '回访'),
    pause: L('Wait', '暂停等待'),
    resume: L('Resume', '恢复处理'),
    withdraw: L('Withdrawn by the customer', '客户撤回'),
    markDuplicate: L('Mark as duplicate', '标记为重复投诉'),
  },
};

/** The label of `value` in the group, or the value itself for a code the catalog does not know. */
export function valueLabel(lang: Lang, group: keyof typeof VALUE_LABELS, value: string | null | undefined) {
  if (value === null || value === undefined || value === '') return '';
  return VALUE_LABELS[group]?.[value]?.[lang] ?? value;
}
