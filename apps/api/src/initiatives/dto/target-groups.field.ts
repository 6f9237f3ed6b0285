import { StringList } from './list-fields';

/** Optional target groups (målgrupper): codes of `GET /vocabulary`, checked against it when the command runs. */
export const TargetGroupsField = () =>
  StringList(20, 100, false, 'Target groups: codes from GET /vocabulary (targetGroups)');
