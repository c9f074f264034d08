/**
 * What the API says when it refuses: a stable code for programs, a Chinese message first and
 * its English for the page's language switch. Bodies are JSON data, never markup.
 */
export const MESSAGES = {
  unauthorized: ['请先登录', 'Please sign in'],
  badLogin: ['用户名或密码错误', 'Wrong user name or password'],
  throttled: ['登录失败次数过多，请稍后再试', 'Too many failed sign-ins; try again later'],
  csrf: ['缺少或错误的请求校验码（CSRF），请刷新页面后重试', 'Missing or wrong request token (CSRF); reload the page and try again'],
  crossOrigin: ['拒绝来自其他站点的请求', 'Requests from another site are refused'],
  forbidden: ['当前角色无权执行此操作', 'Your role may not do this'],
  outOfScope: ['该地块不属于您的乡镇', 'This plot is not in your township'],
  badRequest: ['请求格式错误', 'The request is malformed'],
  notFound: ['未找到', 'Not found'],
  conflict: ['数据已被他人修改，请刷新后重试', 'Someone else changed this data; reload and try again'],
  userExists: ['用户名已存在', 'This user name is taken'],
  weakPassword: ['密码至少 10 个字符', 'A password needs at least 10 characters'],
  badTable: ['表格内容有误', 'The table has an error'],
  tooLarge: ['请求内容过大', 'The request is too large'],
  serverError: ['服务器内部错误', 'Internal server error'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageCode = keyof typeof MESSAGES;

export interface ErrorBody {
  error: MessageCode;
  message: string;
  messageEn: string;
  detail?: string;
}

export function errorBody(code: MessageCode, detail?: string): ErrorBody {
  const [message, messageEn] = MESSAGES[code];
  return detail === undefined ? { error: code, message, messageEn } : { error: code, message, messageEn, detail };
}
