import { formatAbsoluteTime, formatRelativeTime } from '../../lib/format';

/** `3 hours ago`, with the exact time on hover and for machines. */
export function Timestamp(props: { iso: string; prefix?: string }) {
  return (
    <time dateTime={props.iso} title={formatAbsoluteTime(props.iso)}>
      {props.prefix ? `${props.prefix} ` : ''}
      {formatRelativeTime(props.iso, Date.now())}
    </time>
  );
}
