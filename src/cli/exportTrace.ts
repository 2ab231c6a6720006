export async function exportTrace(_o: unknown): Promise<{ runs: number; widgets: number; events: number; bytes: number }> {
  throw new Error('todo');
}
