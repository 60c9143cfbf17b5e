/** The widget's stylesheet, adopted by its shadow root so the host page's CSS neither leaks in nor out. */
export const WIDGET_CSS =
  ':host{all:initial;display:block;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;color-scheme:light}' +
  '*{box-sizing:border-box}' +
  '.cmw{max-width:46rem}' +
  'h2,h3{font-weight:700;line-height:1.25;margin:1.5rem 0 .75rem}h2{font-size:1.35rem}h3{font-size:1.2rem}' +
  'ol{list-style:none;margin:0;padding:0}' +
  '.children{margin-left:1.25rem;padding-left:1rem;border-left:2px solid #e4e7eb}' +
  'article{padding:.9rem 0;border-top:1px solid #e4e7eb}' +
  '.respond{margin-bottom:1rem}' +
  'article:focus{outline:2px solid #0b57d0;outline-offset:2px}' +
  '.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline;font-size:.9rem;color:#57606a}' +
  '.author{font-weight:700;color:#1f2328;font-size:1rem}' +
  'a{color:#0b57d0}a:hover{text-decoration:none}' +
  '.text p{margin:.4rem 0;overflow-wrap:anywhere}' +
  '.awaiting{display:block;font-style:italic;color:#8a5300;margin:.3rem 0;font-size:.92rem}' +
  '.pending>article{opacity:.85}' +
  '.reply{font-size:.9rem;font-weight:600}' +
  '.empty{color:#57606a}' +
  'form{margin:0}' +
  '.note,.replying{font-size:.92rem;color:#57606a;margin:.25rem 0 1rem}' +
  '.field{margin:0 0 1rem}' +
  'label{display:block;font-weight:600;margin-bottom:.25rem}' +
  '.req{color:#b3261e}' +
  'input[type=text],input[type=email],input[type=url],textarea{display:block;width:100%;font:inherit;color:inherit;background:#fff;padding:.5rem .6rem;border:1px solid #8c959f;border-radius:4px}' +
  'textarea{min-height:8rem;resize:vertical}' +
  'input:focus,textarea:focus,button:focus{outline:2px solid #0b57d0;outline-offset:1px}' +
  '[aria-invalid=true]{border-color:#b3261e;background:#fff8f7}' +
  '.err{display:block;color:#b3261e;font-size:.9rem;margin-top:.25rem}.err:empty{display:none}' +
  '.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}' +
  '.check input{margin-top:.35rem}' +
  'button{font:inherit;font-weight:600;cursor:pointer;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;padding:.55rem 1.1rem}' +
  'button[disabled]{opacity:.6;cursor:progress}' +
  '.status{margin:.75rem 0 0;font-size:.95rem}.status.error{color:#b3261e}.status:empty{display:none}' +
  '.hp{position:absolute!important;left:-10000px!important;top:auto;width:1px;height:1px;overflow:hidden}';
