import type { Meta, StoryObj } from '@storybook/react-vite';
import { http, HttpResponse } from 'msw';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import { customerMatches, directionTwoWay, directionUnchosen } from '../../../test/fixtures/mapping.ts';

/** Step 3: customer sync direction and matching existing customers. */
const meta = {
  title: 'Wizard/Customer step',
  parameters: { wizardPath: '/direction' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const at = (path: string, handlers: ReturnType<typeof http.get>[]) => ({
  wizardPath: path,
  msw: { handlers: [...handlers, ...bffHandlers({ connection: connectedStatus })] },
});

export const DirectionNotChosen: Story = {
  parameters: at('/direction', [
    http.get(`${FAKE_BFF_URL}/api/v1/customer-direction`, () => HttpResponse.json(directionUnchosen)),
  ]),
};
export const DirectionTwoWaySaved: Story = {
  parameters: at('/direction', [
    http.get(`${FAKE_BFF_URL}/api/v1/customer-direction`, () => HttpResponse.json(directionTwoWay)),
  ]),
};
export const MatchingGroups: Story = {
  parameters: at('/direction/matching', [
    http.get(`${FAKE_BFF_URL}/api/v1/customer-matches`, () => HttpResponse.json(customerMatches)),
  ]),
};
