/** A channel's route change statistics, as `show protocols all` prints them. */
export interface ChannelStats {
  impUpdReceived: number;
  impUpdFiltered: number;
  impUpdAccepted: number;
  impWdReceived: number;
  impWdAccepted: number;
  expUpdReceived: number;
  expUpdRejected: number;
  expUpdFiltered: number;
  expUpdAccepted: number;
  expWdReceived: number;
  expWdAccepted: number;
}

export function emptyStats(): ChannelStats {
  return {
    impUpdReceived: 0,
    impUpdFiltered: 0,
    impUpdAccepted: 0,
    impWdReceived: 0,
    impWdAccepted: 0,
    expUpdReceived: 0,
    expUpdRejected: 0,
    expUpdFiltered: 0,
    expUpdAccepted: 0,
    expWdReceived: 0,
    expWdAccepted: 0,
  };
}
