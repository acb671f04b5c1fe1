import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';

/**
 * The npm commands that run beside the server (`audit:verify`, `keys:rotate`): each reads the
 * server's configuration, runs, and exits with its code; a configuration error prints its
 * message and exits 2, as does anything unexpected (with its stack).
 */
export function runCommand(moduleUrl: string, command: (config: Config, print: (line: string) => void) => Promise<number>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const main = async (): Promise<number> => {
    try {
      return await command(loadConfig(), (line) => console.log(line));
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
  };
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
