import D from 'better-sqlite3';
const db = new D(':memory:');
db.exec('create table t (id text primary key, a text, b text, c text, d text, e text, f text, g text, h text, i text, j text, k text)');
const st = db.prepare('insert into t values (?,?,?,?,?,?,?,?,?,?,?,?)');
let c0 = process.cpuUsage();
db.transaction(() => { for (let i = 0; i < 60000; i++) st.run('id' + i, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'); })();
let cu = process.cpuUsage(c0); console.log('60k plain rows cpu s', (cu.user + cu.system) / 1e6);
c0 = process.cpuUsage(); let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7; cu = process.cpuUsage(c0); console.log('1e8 loop cpu s', (cu.user + cu.system) / 1e6, x > 0);
