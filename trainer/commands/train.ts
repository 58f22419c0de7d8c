import type { Command } from '../command';

// Placeholder until this command lands; exits non-zero so nothing mistakes it for working.
const command: Command = {
  name: 'train',
  help: 'npm run trainer -- train (not implemented yet)',
  async run() {
    console.error('train: not implemented yet');
    return 1;
  },
};
export default command;
