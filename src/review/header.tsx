import type { Strings } from './i18n';

export interface HeaderProps {
  t: Strings;
  fileName: string;
  channelLabel: string;
  video: boolean;
}

/** ConsentGate, the file and the channel it is going to. */
export function Header({ t, fileName, channelLabel, video }: HeaderProps) {
  return (
    <header class="header">
      <span class="brand">
        <span class="logo" aria-hidden="true" />
        {t.brand}
      </span>
      <span class="file" title={fileName}>
        {fileName}
        {video ? ` (${t.kindVideo})` : ''}
      </span>
      <span class="channel" title={t.channel(channelLabel)}>
        {t.channel(channelLabel)}
      </span>
    </header>
  );
}
