import type { Command } from '../command';

// Placeholder until this command lands; exits non-zero so nothing mistakes it for working.
const command: Command = {
  name: 'import-backbone',
  help: 'npm run trainer -- import-backbone (not implemented yet)',
  async run() {
    console.error('import-backbone: not implemented yet');
    return 1;
  },
};
export default command;
