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
  reviewNotOpen: ['该年度的乡镇审核尚未开启，请水利局先开启审核', 'The township review of this year is not open; the water bureau opens it first'],
  reviewChanged: ['审核内容在您查看之后已有变化，请刷新后重新核对再签字', 'What you reviewed has changed since; reload, check again and sign'],
  reviewPending: ['还有待处理的修改提议，处理完毕后才能签字', 'Proposals are still pending; sign once they are decided'],
  reviewSigned: ['该乡镇本年度已签字确认，不能再提出修改', 'This township has signed this year off; no more proposals'],
  proposalDecided: ['该提议已处理过', 'This proposal has already been decided'],
  allocationMismatch: ['控制指标分配的合计不一致，未保存', 'The allocation does not add up; nothing was saved'],
  markChanged: ['该套核发现的标记已被他人改动，本次标记未保存；请核对对方的标记后再决定', 'Someone else changed this finding\'s mark since; yours was not saved — check theirs and mark again'],
  allocationChanged: ['您开始修改之后，他人已保存了新的分配；请重新载入后再修改', 'Someone else saved an allocation after you started; reload it and edit again'],
  capsSigned: ['控制指标表的修改会改动已签字乡镇的控制指标，未保存', 'The change would alter the caps of a township that has signed off; nothing saved'],
  allocationSigned: ['该乡镇本年度已签字确认，其控制指标不能再改动', 'This township has signed this year off; its caps cannot change'],
  reviewNotSigned: ['该乡镇本年度尚未签字确认，签字后才能导出审核结果 PDF', 'This township has not signed this year off; the PDF is made once it has'],
  noCjkFont: ['服务器上找不到含中文字形的字体，无法生成 PDF（请在服务器上安装 fonts-noto-cjk，或用环境变量 SHUIDI_CJK_FONT 指定字体文件）', 'The server has no font with Chinese glyphs for the PDF (install fonts-noto-cjk on it, or name a font file in SHUIDI_CJK_FONT)'],
  packageUnknown: ['回执所属的审核包不是本服务器制作的，未导入', 'The return\'s package was not made by this server; nothing imported'],
  packageMismatch: ['回执与审核包不符（年度、乡镇或审核包内容不同），未导入', 'The return does not match its package (year, township or content differ); nothing imported'],
  packageTampered: ['回执内容与其审核摘要不符（文件可能在保存后被改动过），未导入', 'The return does not match its review digest (the file may have been altered after it was saved); nothing imported'],
  packageReturned: ['该审核包已导入过另一份回执；请为该乡镇重新制作审核包', 'Another return of this package has already been imported; make a new package for the township'],
  packageStale: ['制作审核包之后服务器上该乡镇的审核内容已有变化，签字未记录（意见和提议已导入）；请重新制作审核包请乡镇签字', 'The township\'s review on the server changed after the package was made: the sign-off is not recorded (comments and proposals are imported); make a new package for the township to sign'],
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
