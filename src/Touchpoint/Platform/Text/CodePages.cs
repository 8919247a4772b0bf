using System.Runtime.CompilerServices;
using System.Text;

namespace Touchpoint.Platform.Text;

/// <summary>
/// The legacy code pages of real-world mail (koi8-r, windows-1251, iso-8859-2, iso-2022-jp, shift_jis, euc-jp, gb2312,
/// gbk, big5, euc-kr …) are not in .NET's default encodings. MimeKit decides once, the first time it looks up a charset,
/// which ones exist, and never asks again: a provider registered after MimeKit's first use (an address parsed while
/// options are validated, an outgoing mail) leaves those charsets undecoded for the life of the process. So the provider
/// is registered when this assembly loads, before any of its code can touch MimeKit.
/// </summary>
internal static class CodePages
{
    [ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
