export { consoleSms, twilioSms, SmsProviderError, type SmsSender, type SmsMessage, type TwilioConfig } from './sms.js';
