export { checkWindow, windowCount, makeWindows, windowsOfSubjects, windowLabels } from './windows';
export type { Windows } from './windows';
