exports.run = async (ctx) => {
  const fs = require('node:fs');
  const env = Object.fromEntries(
    Object.keys(process.env)
      .sort()
      .map((k) => [k, process.env[k]]),
  );
  fs.writeFileSync(`${ctx.artifactsDir}/env.json`, JSON.stringify({ env, ctxEnv: ctx.env, cwd: process.cwd(), sandbox: ctx.sandboxDir }, null, 2));
};
