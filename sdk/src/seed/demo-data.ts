/**
 * The demo company: 青禾食品 (Qinghe Foods), a Hangzhou food distributor selling on credit terms to
 * supermarkets, hotels, restaurants, schools and hospitals across China and a few export markets.
 * Plain data, so the seeder stays readable and every demo database looks the same.
 */

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  roles: string[];
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'gm', name: '周建国', email: 'zhou.jianguo@qinghe.example', roles: ['general_manager'] },
  { key: 'sm', name: '李娜', email: 'li.na@qinghe.example', roles: ['sales_manager'] },
  { key: 'am1', name: '王芳', email: 'wang.fang@qinghe.example', roles: ['account_manager'] },
  { key: 'am2', name: '刘洋', email: 'liu.yang@qinghe.example', roles: ['account_manager'] },
  { key: 'am3', name: 'Emily Chen', email: 'emily.chen@qinghe.example', roles: ['account_manager'] },
  { key: 'staff1', name: '陈静', email: 'chen.jing@qinghe.example', roles: ['staff'] },
  { key: 'staff2', name: 'Tom Xu', email: 'tom.xu@qinghe.example', roles: ['staff'] },
];

export interface DemoContact {
  name: string;
  title: string;
  phone?: string;
  email?: string;
}

export interface DemoCustomer {
  name: string;
  kind: 'individual' | 'business' | 'organization';
  chainPosition: 'intermediary' | 'end';
  status: 'potential' | 'active' | 'dormant';
  region: string;
  industry: string;
  address: string;
  phone: string;
  email?: string;
  legalRepresentative?: string;
  source: string;
  /** Key of the account manager in DEMO_USERS. */
  owner: 'am1' | 'am2' | 'am3';
  internal?: boolean;
  tags: string[];
  contacts: DemoContact[];
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  // 华东 East China — 王芳
  {
    name: '上海华联超市有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华东',
    industry: 'retail',
    address: '上海市黄浦区南京东路 800 号',
    phone: '021-6322 1188',
    email: 'purchasing@hualian-sh.example',
    legalRepresentative: '沈国华',
    source: 'trade fair',
    owner: 'am1',
    tags: ['supermarket', 'chain'],
    contacts: [
      { name: '孙丽', title: '采购经理', phone: '139 1721 0456', email: 'sun.li@hualian-sh.example' },
      { name: '马强', title: '财务主管', phone: '021-6322 1190' },
    ],
  },
  {
    name: '杭州西湖国宾酒店',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '华东',
    industry: 'hospitality',
    address: '杭州市西湖区杨公堤 18 号',
    phone: '0571-8797 9889',
    email: 'fb@xihuhotel.example',
    legalRepresentative: '韩敏',
    source: 'referral',
    owner: 'am1',
    tags: ['hotel', 'vip'],
    contacts: [
      { name: '何志明', title: '餐饮总监', phone: '138 5712 3344', email: 'he.zhiming@xihuhotel.example' },
      { name: '郑晓燕', title: '采购专员', phone: '0571-8797 9801' },
    ],
  },
  {
    name: '苏州工业园区星海实验中学',
    kind: 'organization',
    chainPosition: 'end',
    status: 'active',
    region: '华东',
    industry: 'education',
    address: '苏州工业园区星海街 100 号',
    phone: '0512-6285 3300',
    source: 'tender',
    owner: 'am1',
    tags: ['school', 'canteen'],
    contacts: [{ name: '吴老师', title: '后勤处主任', phone: '0512-6285 3312' }],
  },
  {
    name: '南京鼎盛商贸有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华东',
    industry: 'wholesale',
    address: '南京市秦淮区中山南路 219 号',
    phone: '025-8451 7766',
    email: 'info@dingsheng-nj.example',
    legalRepresentative: '钱伟',
    source: 'cold call',
    owner: 'am1',
    tags: ['distributor'],
    contacts: [
      { name: '钱伟', title: '总经理', phone: '137 7090 1122', email: 'qian.wei@dingsheng-nj.example' },
      { name: '冯婷', title: '会计', phone: '025-8451 7768' },
    ],
  },
  {
    name: '宁波海港餐饮管理有限公司',
    kind: 'business',
    chainPosition: 'end',
    status: 'dormant',
    region: '华东',
    industry: 'catering',
    address: '宁波市鄞州区天童南路 588 号',
    phone: '0574-8788 0021',
    source: 'website',
    owner: 'am1',
    tags: ['restaurant group'],
    contacts: [{ name: '蒋涛', title: '运营总监', phone: '136 5748 9900' }],
  },
  {
    name: '陈晓东',
    kind: 'individual',
    chainPosition: 'end',
    status: 'active',
    region: '华东',
    industry: 'retail',
    address: '杭州市拱墅区湖墅南路 66 号 2 幢 301',
    phone: '135 8801 2233',
    email: 'chen.xiaodong@mail.example',
    source: 'shop visit',
    owner: 'am1',
    tags: ['retail customer'],
    contacts: [{ name: '陈晓东', title: '本人', phone: '135 8801 2233' }],
  },
  {
    name: 'Shanghai Expat Deli Co., Ltd.',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '华东',
    industry: 'retail',
    address: "1376 Nanjing West Road, Jing'an, Shanghai",
    phone: '+86 21 6279 8000',
    email: 'orders@expatdeli.example',
    legalRepresentative: 'Mark Reynolds',
    source: 'website',
    owner: 'am3',
    tags: ['import food', 'deli'],
    contacts: [
      {
        name: 'Mark Reynolds',
        title: 'Managing Director',
        phone: '+86 139 1608 7741',
        email: 'mark@expatdeli.example',
      },
      { name: 'Sophie Liu', title: 'Buyer', email: 'sophie.liu@expatdeli.example' },
    ],
  },
  {
    name: '青禾食品华东配送中心',
    kind: 'organization',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华东',
    industry: 'logistics',
    address: '杭州市萧山区经济技术开发区建设一路 9 号',
    phone: '0571-8288 6600',
    source: 'internal',
    owner: 'am1',
    internal: true,
    tags: ['internal'],
    contacts: [{ name: '许峰', title: '配送中心主任', phone: '0571-8288 6601' }],
  },

  // 华南 South China — 刘洋
  {
    name: '广州天河百货有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华南',
    industry: 'retail',
    address: '广州市天河区天河路 208 号',
    phone: '020-8559 3000',
    email: 'buyer@tianhe-dept.example',
    legalRepresentative: '梁志强',
    source: 'trade fair',
    owner: 'am2',
    tags: ['department store'],
    contacts: [
      { name: '黄敏', title: '食品部经理', phone: '138 2600 5566', email: 'huang.min@tianhe-dept.example' },
      { name: '梁志强', title: '董事长' },
    ],
  },
  {
    name: '深圳前海优品供应链有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华南',
    industry: 'wholesale',
    address: '深圳市前海深港合作区前湾一路 1 号',
    phone: '0755-8666 2020',
    email: 'scm@youpin-sz.example',
    legalRepresentative: '邓海',
    source: 'referral',
    owner: 'am2',
    tags: ['e-commerce', 'distributor'],
    contacts: [
      { name: '邓海', title: '总经理', phone: '139 2288 7766', email: 'deng.hai@youpin-sz.example' },
      { name: '谢雨', title: '采购主管', phone: '0755-8666 2033' },
    ],
  },
  {
    name: '厦门鹭岛海景酒店管理有限公司',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '华南',
    industry: 'hospitality',
    address: '厦门市思明区环岛路 199 号',
    phone: '0592-208 8888',
    source: 'referral',
    owner: 'am2',
    tags: ['hotel'],
    contacts: [{ name: '曾宏', title: '行政总厨', phone: '133 5920 1212' }],
  },
  {
    name: '东莞市第三人民医院',
    kind: 'organization',
    chainPosition: 'end',
    status: 'active',
    region: '华南',
    industry: 'healthcare',
    address: '东莞市石龙镇石龙大道 1 号',
    phone: '0769-8611 2000',
    source: 'tender',
    owner: 'am2',
    tags: ['hospital', 'canteen'],
    contacts: [{ name: '彭主任', title: '膳食科主任', phone: '0769-8611 2088' }],
  },
  {
    name: '林美玲',
    kind: 'individual',
    chainPosition: 'end',
    status: 'potential',
    region: '华南',
    industry: 'catering',
    address: '广州市越秀区北京路 89 号',
    phone: '136 3105 8899',
    source: 'wechat',
    owner: 'am2',
    tags: ['bakery owner'],
    contacts: [{ name: '林美玲', title: '店主', phone: '136 3105 8899' }],
  },
  {
    name: 'Pearl River Trading Ltd.',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华南',
    industry: 'wholesale',
    address: '88 Queensway, Admiralty, Hong Kong',
    phone: '+852 2523 6600',
    email: 'trade@pearlriver.example',
    legalRepresentative: 'Kenneth Wong',
    source: 'trade fair',
    owner: 'am3',
    tags: ['export', 'hong kong'],
    contacts: [
      {
        name: 'Kenneth Wong',
        title: 'Director',
        phone: '+852 9123 4567',
        email: 'kenneth.wong@pearlriver.example',
      },
      { name: 'Ivy Lam', title: 'Accounts Payable', email: 'ap@pearlriver.example' },
    ],
  },

  // 华北 North China — 刘洋 and 王芳
  {
    name: '北京京客隆商业集团股份有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '华北',
    industry: 'retail',
    address: '北京市朝阳区新源里 16 号',
    phone: '010-6462 8800',
    email: 'purchase@jkl.example',
    legalRepresentative: '李建文',
    source: 'trade fair',
    owner: 'am2',
    tags: ['supermarket', 'chain', 'vip'],
    contacts: [
      { name: '张红', title: '品类经理', phone: '139 1100 2345', email: 'zhang.hong@jkl.example' },
      { name: '王磊', title: '结算中心', phone: '010-6462 8866' },
    ],
  },
  {
    name: '天津滨海国际冷链物流有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'potential',
    region: '华北',
    industry: 'logistics',
    address: '天津市滨海新区港城大道 66 号',
    phone: '022-6620 1010',
    source: 'website',
    owner: 'am2',
    tags: ['cold chain'],
    contacts: [{ name: '高峰', title: '业务经理', phone: '138 2200 6789' }],
  },
  {
    name: '青岛海之味海鲜酒楼',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '华北',
    industry: 'catering',
    address: '青岛市市南区香港中路 40 号',
    phone: '0532-8577 6666',
    source: 'cold call',
    owner: 'am1',
    tags: ['restaurant'],
    contacts: [{ name: '于海洋', title: '老板', phone: '135 6425 7788' }],
  },
  {
    name: '北京市朝阳区实验小学',
    kind: 'organization',
    chainPosition: 'end',
    status: 'active',
    region: '华北',
    industry: 'education',
    address: '北京市朝阳区南湖中园 128 号',
    phone: '010-6472 5500',
    source: 'tender',
    owner: 'am2',
    tags: ['school', 'canteen'],
    contacts: [{ name: '刘老师', title: '总务主任', phone: '010-6472 5511' }],
  },
  {
    name: '赵国强',
    kind: 'individual',
    chainPosition: 'end',
    status: 'active',
    region: '华北',
    industry: 'retail',
    address: '石家庄市长安区中山东路 50 号',
    phone: '132 3311 4455',
    source: 'referral',
    owner: 'am2',
    tags: ['retail customer'],
    contacts: [{ name: '赵国强', title: '本人', phone: '132 3311 4455' }],
  },
  {
    name: 'Beijing Embassy District Catering Services',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '华北',
    industry: 'catering',
    address: '19 Dongzhimenwai Street, Chaoyang, Beijing',
    phone: '+86 10 8532 1000',
    email: 'kitchen@edcs.example',
    source: 'referral',
    owner: 'am3',
    tags: ['catering', 'international'],
    contacts: [
      {
        name: 'Anna Schmidt',
        title: 'Catering Manager',
        phone: '+86 138 0100 5522',
        email: 'anna.schmidt@edcs.example',
      },
    ],
  },

  // 西南 Southwest — 王芳 and 刘洋
  {
    name: '成都锦江宾馆有限责任公司',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '西南',
    industry: 'hospitality',
    address: '成都市锦江区人民南路二段 80 号',
    phone: '028-8550 6666',
    legalRepresentative: '罗斌',
    source: 'referral',
    owner: 'am1',
    tags: ['hotel', 'vip'],
    contacts: [
      { name: '罗斌', title: '总经理', phone: '139 8000 1166' },
      { name: '唐小芸', title: '采购部经理', phone: '028-8550 6612', email: 'tang.xy@jinjianghotel.example' },
    ],
  },
  {
    name: '重庆山城老火锅连锁管理有限公司',
    kind: 'business',
    chainPosition: 'end',
    status: 'active',
    region: '西南',
    industry: 'catering',
    address: '重庆市渝中区解放碑八一路 177 号',
    phone: '023-6371 8888',
    email: 'caigou@shancheng-hotpot.example',
    source: 'trade fair',
    owner: 'am2',
    tags: ['restaurant group', 'chain'],
    contacts: [
      {
        name: '秦勇',
        title: '供应链总监',
        phone: '138 8300 9911',
        email: 'qin.yong@shancheng-hotpot.example',
      },
    ],
  },
  {
    name: '昆明滇池农产品批发市场有限公司',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'dormant',
    region: '西南',
    industry: 'wholesale',
    address: '昆明市官渡区新螺蛳湾 3 号',
    phone: '0871-6717 2200',
    source: 'cold call',
    owner: 'am2',
    tags: ['market'],
    contacts: [{ name: '杨春', title: '市场部经理', phone: '137 6900 2288' }],
  },
  {
    name: 'Chengdu Panda Bistro',
    kind: 'business',
    chainPosition: 'end',
    status: 'potential',
    region: '西南',
    industry: 'catering',
    address: '8 Kehua North Road, Wuhou, Chengdu',
    phone: '+86 28 8541 7788',
    email: 'hello@pandabistro.example',
    source: 'website',
    owner: 'am3',
    tags: ['restaurant'],
    contacts: [
      { name: 'James Li', title: 'Owner', phone: '+86 186 2800 4411', email: 'james@pandabistro.example' },
    ],
  },

  // 海外 Overseas — Emily Chen
  {
    name: 'Golden Harvest Foods Pte. Ltd.',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '海外',
    industry: 'wholesale',
    address: '10 Pandan Crescent, Singapore 128466',
    phone: '+65 6778 1200',
    email: 'import@goldenharvest.example',
    legalRepresentative: 'Tan Wei Ming',
    source: 'trade fair',
    owner: 'am3',
    tags: ['export', 'singapore', 'vip'],
    contacts: [
      {
        name: 'Tan Wei Ming',
        title: 'Managing Director',
        phone: '+65 9123 8899',
        email: 'weiming.tan@goldenharvest.example',
      },
      { name: 'Priya Nair', title: 'Finance Manager', email: 'priya.nair@goldenharvest.example' },
    ],
  },
  {
    name: 'Maple Leaf Asian Grocers Inc.',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '海外',
    industry: 'retail',
    address: '4300 Steeles Ave E, Markham, ON, Canada',
    phone: '+1 905 477 2100',
    email: 'buying@mapleleafgrocers.example',
    source: 'website',
    owner: 'am3',
    tags: ['export', 'canada'],
    contacts: [
      {
        name: 'David Chow',
        title: 'Head Buyer',
        phone: '+1 416 555 0142',
        email: 'david.chow@mapleleafgrocers.example',
      },
    ],
  },
  {
    name: 'Sakura Trading K.K.',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'potential',
    region: '海外',
    industry: 'wholesale',
    address: '2-4-1 Shibakoen, Minato-ku, Tokyo',
    phone: '+81 3 5470 1234',
    email: 'sourcing@sakuratrading.example',
    source: 'trade fair',
    owner: 'am3',
    tags: ['export', 'japan'],
    contacts: [
      {
        name: 'Kenji Sato',
        title: 'Sourcing Manager',
        phone: '+81 90 1234 5678',
        email: 'k.sato@sakuratrading.example',
      },
    ],
  },
  {
    name: 'FreshWay Supermarkets Sdn. Bhd.',
    kind: 'business',
    chainPosition: 'intermediary',
    status: 'active',
    region: '海外',
    industry: 'retail',
    address: 'Jalan Ampang 88, Kuala Lumpur, Malaysia',
    phone: '+60 3 2161 8800',
    email: 'procurement@freshway.example',
    source: 'referral',
    owner: 'am3',
    tags: ['export', 'malaysia', 'supermarket'],
    contacts: [
      {
        name: 'Lim Siew Ling',
        title: 'Procurement Lead',
        phone: '+60 12 345 6789',
        email: 'siewling.lim@freshway.example',
      },
    ],
  },
];

export interface DemoCommunication {
  channel: 'call' | 'visit' | 'email' | 'meeting' | 'message';
  direction: 'outbound' | 'inbound';
  subject: string;
  process: string;
  result: string;
}

/** Exchanges drawn on for each customer (reason, process, result — 事由、过程、结果). */
export const DEMO_COMMUNICATIONS: DemoCommunication[] = [
  {
    channel: 'visit',
    direction: 'outbound',
    subject: '季度拜访：春季新品推介',
    process: '带样品拜访采购部门，介绍春笋、青团等时令产品及促销方案。',
    result: '客户同意试销两款新品，下周确认首批订单数量。',
  },
  {
    channel: 'call',
    direction: 'inbound',
    subject: '到货延迟投诉',
    process: '客户反映上周订单晚到一天，影响周末备货；核实为物流中转延误。',
    result: '致歉并承诺下单次日送达，已通知配送中心调整线路。',
  },
  {
    channel: 'email',
    direction: 'outbound',
    subject: '月度对账单确认',
    process: '发送上月往来对账单，请财务核对并签回债权债务确认书。',
    result: '客户财务已回签，无争议项目。',
  },
  {
    channel: 'meeting',
    direction: 'outbound',
    subject: '年度合作框架洽谈',
    process: '与客户管理层讨论明年采购量、账期和返利政策。',
    result: '初步达成年采购额增长 15% 的意向，账期维持 30 天。',
  },
  {
    channel: 'message',
    direction: 'inbound',
    subject: '询价：中秋礼盒',
    process: '客户微信询问中秋礼盒的规格、起订量和报价。',
    result: '已发送报价单，等待客户反馈。',
  },
  {
    channel: 'call',
    direction: 'outbound',
    subject: 'Payment reminder for overdue invoice',
    process:
      'Called accounts payable about an invoice three weeks past due; they cited a delayed internal approval.',
    result: 'Promised payment by the end of next week; follow-up call scheduled.',
  },
  {
    channel: 'email',
    direction: 'inbound',
    subject: 'Request for export documentation',
    process: 'Customer asked for certificates of origin and health certificates for the next shipment.',
    result: 'Documents prepared by the export team and sent the same day.',
  },
  {
    channel: 'visit',
    direction: 'outbound',
    subject: '回访：投诉处理满意度',
    process: '投诉处理后第三天回访，询问对更换批次的满意程度。',
    result: '客户表示满意，同意继续按原计划下单。',
  },
];
