import D from 'better-sqlite3';
import { newId } from '@kehu/core';
const src = new D('/tmp/kb/imp.db', { readonly: true });
const schema = src.prepare("select type, name, tbl_name, sql from sqlite_master where sql is not null and tbl_name in ('customer','contact','kehu_audit','kehu_user')").all();
const tmpl = src.prepare('select * from customer limit 1').get();
const ctmpl = src.prepare('select * from contact limit 1').get();
const atmpl = src.prepare('select * from kehu_audit limit 1').get();
function run(dropIdx, label, n = 20000) {
  const db = new D(':memory:');
  db.exec(schema.filter(s => s.type === 'table').map(s => s.sql).join(';'));
  for (const s of schema.filter(s => s.type === 'index' && !dropIdx.includes(s.name))) db.exec(s.sql);
  const ins = (t, r) => { const cols = Object.keys(r); return db.prepare(`insert into ${t} (${cols.join(',')}) values (${cols.map(c=>'@'+c).join(',')})`); };
  db.pragma('foreign_keys = ON');
  const ic = ins('customer', tmpl), ik = ins('contact', ctmpl), ia = ins('kehu_audit', atmpl);
  const c0 = process.cpuUsage();
  db.transaction(() => { for (let i = 0; i < n; i++) { const id = newId(); ic.run({ ...tmpl, id, code: 'F' + id, name: 'f' + i, name_key: 'fk' + i + id, phone_key: 'p' + id, owner_id: null }); ik.run({ ...ctmpl, id: newId(), customer_id: id }); ia.run({ ...atmpl, id: newId(), entity_id: id, customer_id: id }); } })();
  const cu = process.cpuUsage(c0); console.log(label, ((cu.user + cu.system) / n).toFixed(1), 'µs/row');
}
console.log(schema.filter(s=>s.type==='index').map(s=>s.name).join(' '));
run([], 'all indexes');
run(['customer_owner','customer_status','customer_created','customer_owner_created','customer_name_key','customer_phone_key','customer_email_key','customer_deleted_at','contact_customer','contact_one_primary','kehu_audit_entity','kehu_audit_customer'], 'no secondary idx');
{
  const db = new D(':memory:');
  db.exec(schema.filter(s => s.type === 'table').map(s => s.sql).join(';'));
  const cols = Object.keys(tmpl);
  const st = db.prepare(`insert into customer (${cols.join(',')}) values (${cols.map(()=>'?').join(',')})`);
  const base = cols.map(c => tmpl[c]);
  let c0 = process.cpuUsage();
  db.transaction(() => { for (let i = 0; i < 20000; i++) { const v = base.slice(); v[0] = 'id' + i; v[1] = 'code' + i; v[cols.indexOf('owner_id')] = null; st.run(v); } })();
  let cu = process.cpuUsage(c0); console.log('customer only positional, no idx', ((cu.user + cu.system) / 20000).toFixed(1), 'µs/row');
  const st2 = db.prepare(`insert into customer (${cols.join(',')}) values (${cols.map(c=>'@'+c).join(',')})`);
  c0 = process.cpuUsage();
  db.transaction(() => { for (let i = 0; i < 20000; i++) { st2.run({ ...tmpl, id: 'x' + i, code: 'xc' + i, owner_id: null }); } })();
  cu = process.cpuUsage(c0); console.log('customer only named+spread, no idx', ((cu.user + cu.system) / 20000).toFixed(1), 'µs/row');
  c0 = process.cpuUsage();
  for (let i = 0; i < 20000; i++) newId();
  cu = process.cpuUsage(c0); console.log('newId', ((cu.user + cu.system) / 20000).toFixed(2), 'µs');
}
