import type { Command } from '../command';

// Placeholder until this command lands; exits non-zero so nothing mistakes it for working.
const command: Command = {
  name: 'evaluate',
  help: 'npm run trainer -- evaluate (not implemented yet)',
  async run() {
    console.error('evaluate: not implemented yet');
    return 1;
  },
};
export default command;
