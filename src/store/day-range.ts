/** The instants a UTC day range spans, for the adapters: [start of `from`, start of the day after `to`). */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

export const nextDayStart = (day: string): Date => new Date(dayStart(day).getTime() + 86_400_000);
