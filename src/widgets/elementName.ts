/** Custom element names are the directive name with a prefix, so `::race` never clashes with a future HTML tag. */
export const elementName = (widget: string): string => `gd-${widget}`;
