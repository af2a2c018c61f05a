/** The content script's own messages (the review panel has its own table). */
export const TEXT = {
  nl: {
    checking: 'Foto wordt op dit apparaat gecontroleerd…',
    checkingVideo: 'Video wordt op dit apparaat gecontroleerd…',
    preparing: 'Schone versie wordt gemaakt…',
    blocked: 'ConsentGate heeft een upload tegengehouden: ',
    unavailable: 'ConsentGate is niet bereikbaar; de upload is tegengehouden. Herlaad de pagina en probeer het opnieuw.',
    refused: 'De upload is tegengehouden: ',
  },
  en: {
    checking: 'Checking the photo on this device…',
    checkingVideo: 'Checking the video on this device…',
    preparing: 'Preparing the clean file…',
    blocked: 'ConsentGate stopped an upload: ',
    unavailable: 'ConsentGate cannot be reached, so the upload was held. Reload the page and try again.',
    refused: 'The upload was held: ',
  },
} as const;
export type Lang = keyof typeof TEXT;
