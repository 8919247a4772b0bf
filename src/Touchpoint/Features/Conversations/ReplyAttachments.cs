using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Conversations;

/// <summary>What an agent may attach to a reply or a note (<c>Touchpoint:Conversations:Attachments</c>).</summary>
public sealed class ReplyAttachmentOptions
{
    /// <summary>One file at most this large (default 10 MB).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>All files of one message together (default 20 MB: mail servers commonly refuse 25 MB and more once encoded).</summary>
    public long MaxTotalBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Files on one message (default 10).</summary>
    public int MaxFiles { get; set; } = 10;

    public bool IsValid => MaxFiles is >= 1 and <= 50 && MaxFileBytes is >= 1 and <= ConversationDesk.MaxAttachmentBytes
        && MaxTotalBytes >= MaxFileBytes && MaxTotalBytes <= ConversationDesk.MaxAttachmentBytes * 2L;
}

/// <summary>
/// The files nobody may send from the store's address: programs and scripts a mail program or Windows would run on a
/// double click. Checked by the name's extension (the only thing a recipient's system goes by) and by the declared type.
/// </summary>
public static class AttachmentRules
{
    private static readonly HashSet<string> BlockedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".cpl", ".msi", ".msp", ".msc", ".dll", ".sys", ".jar", ".js", ".jse", ".vbs",
        ".vbe", ".wsf", ".wsh", ".ws", ".ps1", ".psm1", ".hta", ".lnk", ".reg", ".inf", ".scf", ".application", ".gadget", ".appx",
        ".msix", ".iso", ".img", ".vhd", ".vhdx", ".sh", ".apk", ".app", ".dmg", ".pkg",
    };

    private static readonly HashSet<string> BlockedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/x-msdownload", "application/x-msdos-program", "application/x-dosexec", "application/x-executable",
        "application/x-sh", "application/javascript", "text/javascript", "application/hta", "application/x-ms-installer",
        "application/vnd.microsoft.portable-executable", "application/java-archive",
    };

    public static bool IsBlocked(string fileName, string contentType) =>
        BlockedExtensions.Contains(Path.GetExtension(ConversationDesk.SafeFileName(fileName.TrimEnd('.', ' ')))) || BlockedTypes.Contains(contentType.Split(';')[0].Trim());

    /// <summary>
    /// The error for one file (blocked type, too large), or null: the composer checks a picked file with it before it
    /// reads it, and <see cref="PostStaffMessage"/> checks every file again, so both refuse with the same words.
    /// </summary>
    public static string? Check(string fileName, string contentType, long size, ReplyAttachmentOptions o) =>
        IsBlocked(fileName, contentType) ? Texts.Ui("Valid.Conv.AttachmentBlocked", ConversationDesk.SafeFileName(fileName))
        : size > o.MaxFileBytes ? Texts.Ui("Valid.Conv.AttachmentTooBig", ConversationDesk.SafeFileName(fileName), Megabytes(o.MaxFileBytes))
        : size == 0 ? Texts.Ui("Valid.Conv.AttachmentEmpty", ConversationDesk.SafeFileName(fileName))
        : null;

    /// <summary>Checks the files of one message: each one, how many, and all together.</summary>
    public static void Validate(Validation v, IReadOnlyList<NewAttachment> files, ReplyAttachmentOptions o)
    {
        v.Require(files.Count <= o.MaxFiles, "attachments", Texts.Ui("Valid.Conv.AttachmentsCount", o.MaxFiles));
        v.Require(files.Sum(f => (long)f.Bytes.Length) <= o.MaxTotalBytes, "attachments", Texts.Ui("Valid.Conv.AttachmentsTotal", Megabytes(o.MaxTotalBytes)));
        for (var i = 0; i < files.Count; i++)
        {
            if (Check(files[i].FileName, files[i].ContentType, files[i].Bytes.LongLength, o) is { } error)
            {
                v.Add($"attachments[{i}]", error);
            }
        }
    }

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture);
}
