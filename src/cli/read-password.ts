import { createInterface } from 'node:readline'

/**
 * Reads one line from standard input: the password of `homeward user create`. From a pipe (scripts,
 * `printf '%s\n' "$PW" | homeward user create ...`) the first line is taken as it is; at a terminal
 * the prompt goes to stderr and the typed characters are not echoed. A password never comes from an
 * argument: arguments are visible to every user of the machine in `ps` and stay in shell history.
 */
export async function readPasswordLine (prompt: string): Promise<string> {
  const input = process.stdin
  if (input.isTTY !== true) {
    const lines = createInterface({ input, crlfDelay: Infinity })
    const first = await lines[Symbol.asyncIterator]().next()
    lines.close()
    return first.done === true ? '' : first.value
  }
  process.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = ''
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') { input.off('data', onData); resolve(typed); return }
          if (ch === '\u0003') { input.off('data', onData); reject(new Error('interrupted')); return }
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('')
          else typed += ch
        }
      }
      input.on('data', onData)
    })
  } finally {
    input.setRawMode(false)
    input.pause()
    process.stderr.write('\n')
  }
}
