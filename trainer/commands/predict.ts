import type { Command } from '../command';

// Placeholder until this command lands; exits non-zero so nothing mistakes it for working.
const command: Command = {
  name: 'predict',
  help: 'npm run trainer -- predict (not implemented yet)',
  async run() {
    console.error('predict: not implemented yet');
    return 1;
  },
};
export default command;
