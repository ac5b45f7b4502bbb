/** GOV.UK Pay's API; test and live accounts share it (the API key decides). */
export const PAY_BASE_URL = 'https://publicapi.payments.service.gov.uk';
