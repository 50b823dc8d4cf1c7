import {
  EmptyRequest,
  notificationsApi,
  NotificationSettingsRequest,
  NotificationSettingsResponse,
  NotificationsResponse,
  TestNotificationResponse,
} from '@exoserva/contracts';
import type { ApiRoute } from './api-registry.ts';

const settings = {
  description: 'the settings',
  schema: { name: 'NotificationSettingsResponse', schema: NotificationSettingsResponse },
};

/** The failure notification endpoints (issue 7), spread into API_ROUTES. */
export const NOTIFICATION_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: notificationsApi.settings.path,
    auth: 'admin',
    tag: 'notifications',
    summary: 'Failure notification settings: immediate or a daily digest, extra recipients, where they go',
    responses: { 200: settings },
  },
  {
    method: 'POST',
    path: notificationsApi.saveSettings.path,
    auth: 'admin',
    tag: 'notifications',
    summary: 'Save the failure notification settings; audited',
    body: { name: 'NotificationSettingsRequest', schema: NotificationSettingsRequest },
    example: {
      mode: 'daily_digest',
      digestHour: 8,
      timeZone: 'America/Denver',
      extraEmails: ['books@example.com'],
    },
    responses: { 200: settings },
  },
  {
    method: 'GET',
    path: notificationsApi.recent.path,
    auth: 'admin',
    tag: 'notifications',
    summary: 'The notifications sent for this account (newest first) and the failures that raised them',
    responses: {
      200: {
        description: 'recent notifications',
        schema: { name: 'NotificationsResponse', schema: NotificationsResponse },
      },
    },
  },
  {
    method: 'POST',
    path: notificationsApi.test.path,
    auth: 'admin',
    tag: 'notifications',
    summary: 'Send a test notification through the configured channel (5 per 10 minutes)',
    body: { name: 'EmptyRequest', schema: EmptyRequest },
    example: {},
    responses: {
      202: {
        description: 'queued; sent within seconds',
        schema: { name: 'TestNotificationResponse', schema: TestNotificationResponse },
      },
    },
  },
];
