/** Placeholder until project files and the user name are built. */
export function ProjectMenu() {
  return null;
}
