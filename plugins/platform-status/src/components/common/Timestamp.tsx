import {
  absoluteTime,
  relativeTime,
} from '@groundwork/plugin-groundwork-common';

/** `3 hours ago`, with the exact time on hover and for machines. */
export function Timestamp(props: { iso: string; prefix?: string }) {
  return (
    <time dateTime={props.iso} title={absoluteTime(props.iso)}>
      {props.prefix ? `${props.prefix} ` : ''}
      {relativeTime(props.iso, Date.now())}
    </time>
  );
}
