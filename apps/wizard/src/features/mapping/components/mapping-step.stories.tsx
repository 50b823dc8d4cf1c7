import type { MappingStateResponse } from '@exoserva/contracts';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, within } from 'storybook/test';
import { bffHandlers, FAKE_BFF_URL } from '../../../test/bff-handlers.ts';
import { connectedStatus } from '../../../test/fixtures/connection.ts';
import {
  accountNotFoundState,
  astState,
  invalidTaxRateState,
  mappedWithSyncedState,
  missingAccountsState,
  unmappedState,
} from '../../../test/fixtures/mapping.ts';

/** Step 2 in every state. Data: the contract fixtures, served by MSW. */
const meta = {
  title: 'Wizard/Mapping step',
  parameters: { wizardPath: '/mapping' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const withMapping = (state: MappingStateResponse | 'never') => ({
  wizardPath: '/mapping',
  msw: {
    handlers: [
      http.get(`${FAKE_BFF_URL}/api/v1/mapping`, async () => {
        if (state === 'never') await delay('infinite');
        return HttpResponse.json(state);
      }),
      ...bffHandlers({ connection: connectedStatus }),
    ],
  },
});

export const Loading: Story = { parameters: withMapping('never') };
export const Suggestions: Story = { parameters: withMapping(unmappedState) };
export const MissingPrerequisites: Story = {
  parameters: withMapping(missingAccountsState),
  play: async ({ canvasElement, globals }) => {
    if (globals.role === 'technician') return;
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: /Sales Tax Payable|Impuesto/ }));
    await expect(await canvas.findByRole('dialog')).toBeVisible();
  },
};
export const AutomatedSalesTax: Story = { parameters: withMapping(astState) };
export const InvalidTaxRate: Story = { parameters: withMapping(invalidTaxRateState) };
export const RemapWarning: Story = {
  parameters: withMapping(mappedWithSyncedState),
  play: async ({ canvasElement, globals }) => {
    if (globals.role === 'technician') return;
    const canvas = within(canvasElement);
    const discounts = await canvas.findByLabelText(/^(Discounts Given|Descuentos otorgados)/);
    await userEvent.selectOptions(discounts, '13');
    await userEvent.click(canvas.getByRole('button', { name: /Save mapping|Guardar asignación/ }));
    await expect(await canvas.findByRole('alertdialog')).toBeVisible();
  },
};
export const AccountNotFound: Story = { parameters: withMapping(accountNotFoundState) };
