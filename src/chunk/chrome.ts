/**
 * Page chrome: breadcrumbs, licence numbers, copyright footers, share/print links.
 * Such lines are kept (citations must stay exact) but ranked below real content.
 */
const CHROME_PATTERNS: RegExp[] = [
  /^(当前位置|您的位置|你的位置|现在位置|current location|you are here)\s*[:：]/i,
  /^首页\s*[>›»/]/,
  /ICP\s*备?\s*\d|ICP证|公网安备|网站标识码|网站识别码/i,
  /版权所有|copyright|©|\(c\)\s*\d{4}|all rights reserved/i,
  /^(主办|承办|主管|技术支持|联系我们|网站地图|关于我们)\s*[:：]?/,
  /^(打印|关闭|分享到?|收藏|字号|【?大】?\s*【?中】?\s*【?小】?)(\s|$|[:：|])/,
  /^(上一篇|下一篇|相关链接|相关阅读|责任编辑)\s*[:：(（]?/,
  /^[（(]\s*责任编辑\s*[:：]/,
  /^\d{4}-\d{2}-\d{2}\s*(来源|作者)\s*[:：]/,
];

/** True when a short line is navigation or legal boilerplate rather than content. */
export function isChromeLine(line: string): boolean {
  const s = line.trim();
  if (s.length === 0 || s.length > 160) return false;
  return CHROME_PATTERNS.some((re) => re.test(s));
}
