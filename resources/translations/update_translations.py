"""Refresh the translation catalogues: lupdate over desktop/ui, fill zh_CN from ZH below, mark
English as finished (source strings are English), and compile both to .qm with lrelease.

Run from the repository root: `.venv/bin/python resources/translations/update_translations.py`.
A source string missing from ZH stays "unfinished", and tests/desktop/ui/test_translations.py
fails on it.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

ZH = {
    "%1 of %2 households": "共 %2 户，显示 %1 户",
    "%1 yuan": "%1 元",
    # Opening a survey whose form version is not on this laptop
    "This survey was started on form version %1, which this laptop does not have. "
    "Sync to receive it from the county, or update the app.":
        "这份调查使用第 %1 版调查表，本机还没有这一版。请同步以从县里获取，或更新本软件。",
    "The survey could not be opened.": "无法打开这份调查。",
    # Household list: flag filter (registry categories, as the survey's benefits list words them)
    "All households": "全部户",
    "Receiving any support": "享受任一救助",
    "Receiving no support": "未享受救助",
    "Urban dibao": "城市低保",
    "Rural dibao": "农村低保",
    "Destitute, supported centrally": "特困集中供养",
    "Destitute, supported at home": "特困分散供养",
    "Orphan": "孤儿",
    "De-facto unsupported child": "事实无人抚养儿童",
    "Veteran or family": "优抚对象",
    "Left-behind care": "三留守关爱",
    "Registered poor household": "建档立卡",
    "Disability living subsidy": "困难残疾人生活补贴",
    "Disability nursing subsidy": "重度残疾人护理补贴",
    "Disaster relief": "受灾救助",
    "Temporary assistance": "临时救助",
    "Medical assistance": "医疗救助",
    # Photos wait for the township office network (settings and status bar)
    "Send photos only on the township office network": "照片仅在乡镇办公网络下上传",
    "Answers are always sent. Photos are large: with this on they wait until the laptop is on "
    "the office network, so a village link is not tied up.":
        "调查答案随时上传。照片较大：开启后照片会等到电脑连上办公网络再上传，以免占满村里的网络。",
    "e.g. 10.42.0.0/16, 192.168.8.0/24": "例如 10.42.0.0/16, 192.168.8.0/24",
    "Address ranges of the office network; county IT gives them.":
        "办公网络的地址段，由县里信息技术人员提供。",
    "Office network (from county IT)": "办公网络（由县信息技术人员提供）",
    "“%1” is not an address range. Write ranges like 10.42.0.0/16, separated by commas.":
        "“%1”不是有效的地址段。请按 10.42.0.0/16 的格式填写，多个用逗号分隔。",
    "Enter the office network's address ranges (county IT has them).":
        "请填写办公网络的地址段（向县里信息技术人员索取）。",
    "Photos waiting for the office network: %1": "等待办公网络上传的照片：%1 张",
    "Answers are sent from anywhere. Photos are sent when this laptop is on the township "
    "office network (see Settings).":
        "调查答案在任何网络下都会上传。照片在电脑连上乡镇办公网络时上传（见“设置”）。",
    "A passphrase needs at least 8 characters.": "口令至少需要 8 个字符。",
    "Accept signature": "确认签名",
    "Available when online": "联网后可查看",
    "Both versions can be compared when online.": "联网后可对比两个版本。",
    "Conflicting version": "冲突版本",
    "Conflicting version on the server": "服务器上有冲突版本",
    "conflicting version": "有冲突版本",
    "Fetching both versions from the server…": "正在从服务器获取两个版本…",
    "Revision %1 is under review; revision %2 (received %3) was based on revision %4 and was not "
    "taken.": "正在审核的是第 %1 版；第 %2 版（%3 收到）基于第 %4 版修改，未被采用。",
    "The conflict has been settled on the server.": "服务器上的冲突已处理。",
    "The server also holds a conflicting version of this survey: compare both before deciding.":
        "服务器上还有这份调查的冲突版本：请先对比两个版本再作决定。",
    "Under review": "审核中的版本",
    "(not yet confirmed by the server)": "（尚未经服务器确认）",
    "County level: surveys the townships approved": "县级：乡镇已审核的调查",
    "Township level: surveys the cadres submitted": "乡镇级：村干部已提交的调查",
    "Not fetched from the server yet": "尚未从服务器获取",
    "Not fetched yet": "尚未获取",
    "Offline: counted from the surveys of the last sync, %1; assignments and visits not fetched yet":
        "离线：按上次同步（%1）的调查统计；分配和走访数尚未获取",
    "Progress has not been fetched yet. Connect to the county server and press Refresh, or sync: "
    "the figures are then kept for when you are offline.":
        "尚未获取工作进度。请连接县里的服务器后点击“刷新”，或进行同步：获取后的数据会保存下来，离线时也能查看。",
    "Whole scope": "全部辖区",
    "Your role or scope does not allow this export.": "您的角色或辖区不允许导出此清单。",
    "Cannot be shown": "无法显示",
    "Double-click a photo to see it full size.": "双击照片可查看大图。",
    "Fetching photos from the server…": "正在从服务器获取照片…",
    "Not uploaded yet": "尚未上传",
    "Photos and the signature are available when online.": "照片和签名联网后可查看。",
    "Retry": "重试",
    "Add a household found in the field": "新增走访中发现的户",
    "Add household…": "新增户…",
    "Add person": "添加成员",
    "Address": "地址",
    "All states": "全部状态",
    "All villages": "全部村（社区）",
    "Any campaign": "不限轮次",
    "Approved": "已审核通过",
    "Back to households": "返回户列表",
    "Campaign": "轮次",
    "Choose the day to come back.": "请选择再次上门的日期。",
    "Choose the village.": "请选择村（社区）。",
    "Choose what happened at the door.": "请选择走访结果。",
    "Clear": "清除",
    "Come back on": "再次上门日期",
    "Complete": "完成检查",
    "Completed": "已完成",
    "Completed: ready to submit": "已完成：可以提交",
    "County: %1": "所属县（市、区）：%1",
    "Create and open": "创建并打开",
    "Doorstep · household survey": "入户通 · 困难家庭入户调查",
    "Draft": "草稿",
    "Enter an 11-digit mobile number or a landline like 0715-1234567.":
        "请输入 11 位手机号码，或 0715-1234567 这样的固定电话。",
    "Enter the name of the head of household.": "请输入户主姓名。",
    "Everything you record is kept encrypted on this laptop. Nobody can read it without a key: "
    "your passphrase, or the county's recovery key held by county IT. If you forget your "
    "passphrase, county IT can give you a new one; nobody else can open your data, not even "
    "someone who takes the laptop.":
        "您录入的所有信息都加密保存在这台电脑上。没有钥匙谁也看不到：钥匙就是您的口令，"
        "或由县里信息技术人员保管的县级恢复密钥。忘记口令时，县里信息技术人员可以为您重设；"
        "除此之外任何人都打不开您的数据，即使拿走这台电脑也不行。",
    "Fair": "一般",
    "Forgot your passphrase? County IT can set a new one with the recovery key.":
        "忘记口令？县里信息技术人员可以用恢复密钥为您重设。",
    "Good": "较强",
    "Head of household": "户主",
    "Household no longer exists": "该户已不存在",
    "Hukou": "户籍类型",
    "ID number": "身份证号",
    "It could not be saved. Try again.": "未能保存，请重试。",
    "Key figures": "关键数据",
    "Lock": "锁定",
    "Lock now (Ctrl+L): the passphrase is needed again": "立即锁定（Ctrl+L）：再次使用需输入口令",
    "Locked": "已锁定",
    "Main": "主工具栏",
    "Moved out": "已迁出",
    "New passphrase": "新口令",
    "Next section": "下一部分",
    "No longer exists": "已不存在",
    "No screening flag so far.": "目前没有筛查提示。",
    "Nobody home": "无人在家",
    "Not known yet": "暂不清楚",
    "Not saved: the survey is read-only or the store is locked.": "未保存：调查表只读或数据已锁定。",
    "Not signed yet": "尚未签名",
    "Not visited": "未走访",
    "Note": "备注",
    "Open survey": "打开调查表",
    "Passphrase": "口令",
    "Phone": "电话",
    "Previous section": "上一部分",
    "Record a visit: %1": "登记走访：%1",
    "Record visit…": "登记走访…",
    "Refused": "拒绝调查",
    "Remove selected": "删除所选",
    "Returned": "已退回",
    "Returned by the supervisor: fix and complete again": "审核人已退回：请修改后重新完成",
    "Revisit due": "应回访",
    "Revisit planned": "待回访",
    "Row %1: ": "第 %1 行：",
    "Rural": "农村",
    "Save": "保存",
    "Saved at %1": "已于 %1 保存",
    "Screening (for reference, not a decision)": "筛查提示（仅供参考，不是结论）",
    "Search: name, ID digits, address or phone": "搜索：姓名、身份证号片段、地址或电话",
    "Set up Doorstep on this laptop": "在这台电脑上设置入户通",
    "Signed": "已签名",
    "Something went wrong. Try again; if it happens again, ask county IT.":
        "出了点问题。请重试；如果再次出现，请联系县里信息技术人员。",
    "State": "状态",
    "Still to do": "待办",
    "Still to fix": "待修改",
    "Strong": "强",
    "Submit": "提交",
    "Submitted": "已提交",
    "Submitted: read-only until a supervisor returns it": "已提交：审核人退回前只读",
    "That passphrase is not right. Check the keyboard language and Caps Lock.":
        "口令不对。请检查输入法和大写锁定键。",
    "The revisit day cannot be in the past.": "回访日期不能早于今天。",
    "The two passphrases are not the same.": "两次输入的口令不一致。",
    "The two passphrases differ.": "两次输入不一致。",
    "This ID number is not valid: check the 18 digits and the last one.":
        "身份证号无效：请核对 18 位数字和最后一位校验码。",
    "This laptop has no Doorstep profile yet, and no county profile was given. Start Doorstep "
    "with --profile county.json (from county IT), or run `doorstep demo` to try it.":
        "这台电脑还没有入户通用户档案，也没有指定县级配置。请用 --profile county.json"
        "（由县里信息技术人员提供）启动入户通，或运行 `doorstep demo` 试用。",
    "This passphrase cannot be used.": "这个口令不能使用。",
    "This passphrase is too easy to guess. Make it longer or mix letters, digits and signs, or "
    "use a short Chinese phrase.":
        "这个口令太容易被猜到。请加长，或混合字母、数字和符号，也可以用一句简短的中文。",
    "This profile cannot be opened. Ask county IT for help.": "无法打开这个用户档案，请联系县里信息技术人员。",
    "This village is not in your list.": "这个村（社区）不在您的名单中。",
    "Today": "今天",
    "Too many wrong passphrases. Wait %1 seconds and try again.": "口令错误次数过多，请等 %1 秒后再试。",
    "Too short: at least 8 characters": "太短：至少 8 个字符",
    "Too weak": "太弱",
    "Type it again": "再输入一次",
    "Unlock": "解锁",
    "Unlock Doorstep": "解锁入户通",
    "Unlocked": "已解锁",
    "Urban": "城镇",
    "Village": "村（社区）",
    "Weak": "弱",
    "What happened": "走访结果",
    "Your name or staff number": "您的姓名或工号",
    "as on your staff list": "与花名册一致",
    "end of year": "年底",
    "mid-year": "年中",
    "no": "否",
    "start of year": "年初",
    "yes": "是",
    "Sync log…": "同步记录…",
    "USB transfer…": "U 盘传送…",
    "Not saved yet: give a reason for each changed answer.": "尚未保存：请为每个修改的答案填写原因。",
    "The county returned this survey:": "县级退回了这份调查：",
    "The township returned this survey:": "乡镇退回了这份调查：",
    "Supervisor:": "审核意见：",
    "Why did this answer change? (kept in the audit log)": "为什么修改这个答案？（记入审计日志）",
    "Everything is sent and up to date.": "全部已发送，数据已是最新。",
    "The server cannot be reached. Nothing is lost; sync again when in range.": "连接不上服务器。数据不会丢失；有网络时再同步。",
    "Sync was cancelled; everything done so far is kept.": "同步已取消；已完成的部分都已保留。",
    "The server refused this laptop. Call county IT.": "服务器拒绝了这台电脑。请联系县里信息技术人员。",
    "This laptop is not enrolled (or was revoked). Call county IT.": "这台电脑尚未注册（或已被停用）。请联系县里信息技术人员。",
    "This app is too old for the server. Ask county IT to update it.": "软件版本过旧，请县里信息技术人员更新。",
    "The server sent a reply the app does not understand. Try again later.": "服务器的回复无法识别。请稍后再试。",
    "The server's copy differs from this laptop's. Call county IT.": "服务器上的数据与这台电脑不一致。请联系县里信息技术人员。",
    "Sync stopped on an error. Try again; if it repeats, export the sync log for county IT.": "同步出错停止。请再试一次；如果反复出现，请导出同步记录交给县里信息技术人员。",
    "Connecting": "正在连接",
    "Receiving": "正在接收",
    "Sending surveys": "正在发送调查",
    "Sending photos": "正在发送照片",
    "Checking": "正在核对",
    "never": "从未",
    "%1 B": "%1 字节",
    "%1 KB": "%1 KB",
    "%1 MB": "%1 MB",
    "ok": "成功",
    "offline": "离线",
    "cancelled": "已取消",
    "failed": "失败",
    "That did not work: %1": "操作未成功：%1",
    "Sync log": "同步记录",
    "Finished": "完成时间",
    "Route": "方式",
    "Result": "结果",
    "Error code": "错误代码",
    "Counts": "数量",
    "Export for county IT…": "导出给县里信息技术人员…",
    "The log holds times, results and counts only: no names or ID numbers.": "记录只包含时间、结果和数量：没有姓名或身份证号。",
    "USB": "U 盘",
    "Network": "网络",
    "Export the sync log": "导出同步记录",
    "%1 rounds written to %2": "已将 %1 次同步写入 %2",
    "Sync now": "立即同步",
    "Cancel": "取消",
    "Not enrolled for sync": "尚未注册同步",
    "%1 waiting to send": "%1 条待发送",
    " · %1 need attention": " · %1 条需要处理",
    "Last sync %1": "上次同步 %1",
    "Last successful sync: %1": "上次成功同步：%1",
    "Checking…": "正在检查…",
    "Online": "在线",
    "Offline": "离线",
    "USB transfer": "U 盘传送",
    "Without a network, take the surveys to the township office on a USB stick. The file is encrypted for the county server only. The office imports it and gives you a receipt file; import the receipt here so the laptop knows what arrived.": "没有网络时，可以用 U 盘把调查带到乡镇办公室。文件已加密，只有县服务器能打开。办公室导入后会给您一个回执文件；在这里导入回执，电脑就知道哪些已经送达。",
    "Server USB key (from county IT)": "服务器 U 盘密钥（由县里信息技术人员提供）",
    "Save key": "保存密钥",
    "Export waiting surveys to a file…": "把待发送的调查导出到文件…",
    "Import a receipt…": "导入回执…",
    "Export to USB": "导出到 U 盘",
    "%1 batches written. Take the file to the township office.": "已写入 %1 批。请把文件带到乡镇办公室。",
    "Nothing is waiting to be sent.": "没有待发送的内容。",
    "Import a receipt": "导入回执",
    "Receipt read: %1 records acknowledged, %2 conflicts.": "已读取回执：%1 条已确认，%2 条冲突。",
    # The supervisor's review queue (desktop/ui/review)
    "Return to the cadre": "退回给村干部",
    "Return the survey of %1 with a comment.": "退回 %1 的调查表，并附上意见。",
    "What should the cadre check or correct?": "村干部需要核实或更正什么？",
    "Question": "问题",
    "Comment at this question": "针对这个问题的意见",
    "Pin": "标注",
    "Pinned comment": "标注的意见",
    "Return": "退回",
    "%n flag(s)": "%n 项提示",
    "clean": "无提示",
    "All screening": "全部筛查结果",
    "Flagged": "有提示",
    "Clean": "无提示",
    "Cadre": "村干部",
    "Screening": "筛查",
    "Recommendation": "建议",
    "Approve (Ctrl+Enter)": "审核通过 (Ctrl+Enter)",
    "Return… (Ctrl+R)": "退回… (Ctrl+R)",
    "Approve selected clean surveys (Ctrl+Shift+A)": "通过所选的无提示调查表 (Ctrl+Shift+A)",
    "Previous (K)": "上一份 (K)",
    "Next (J)": "下一份 (J)",
    "All cadres": "全部村干部",
    "All recommendations": "全部建议",
    "%1 of %2 waiting": "共 %2 份待审，显示 %1 份",
    "%n photo(s) and documents": "%n 张照片和材料",
    "%n decision(s) queued for the next sync": "%n 项审核决定等待下次同步",
    "A return needs a comment for the cadre.": "退回时需要给村干部写明意见。",
    "This survey is no longer waiting for you.": "这份调查表已不在您的待审列表中。",
    "This survey is not on this laptop.": "这台电脑上没有这份调查表。",
    "Something went wrong; the decision was not saved.": "出了点问题，审核决定没有保存。",
    "Review queue": "待审列表",
    "Review": "审核",
    "Households": "户列表",
    "Key": "编号",
    "Days in queue": "待审天数",
    "History on the server…": "服务器上的记录…",
    "Collected by": "采集人",
    "No screening flag.": "没有筛查提示。",
    "Answers": "回答",
    "Attachments": "附件",
    "History": "历史记录",
    "Returned by the county": "县级退回",
    "Approved by the township": "乡镇已审核通过",
    "Returned to the cadre": "已退回村干部",
    "Approved by the county": "县级已审核通过",
    # The supervisor's progress, exports, spot checks and audit (desktop/ui/progress)
    "Progress": "工作进度",
    "Exports": "导出",
    "Audit and spot checks": "审计与重点抽查",
    "Name": "名称",
    "Assigned": "应访户数",
    "Visited": "已走访",
    "Revisits pending": "待再次上门",
    "By township": "按乡镇",
    "By village": "按村（社区）",
    "By cadre": "按村干部",
    "Refresh": "刷新",
    "Loading…": "正在加载…",
    "No campaign on this laptop yet": "这台电脑上还没有走访轮次",
    "%n day(s) left in the three-week window": "三周工作期还剩 %n 天",
    "From the server, %1": "来自服务器，%1",
    "Offline: figures from %1": "离线：%1 的数据",
    "Offline: counted from the last sync, %1": "离线：按上次同步（%1）的数据统计",
    "Ledger (台账, contains ID numbers)": "台账（含身份证号码）",
    "Public-posting list (公示)": "公示名单",
    "Referral lists per department": "各部门转介名单",
    "Discrepancy report": "比对异常清单",
    "Export…": "导出…",
    "Save the export": "保存导出文件",
    "Excel workbook (*.xlsx)": "Excel 工作簿 (*.xlsx)",
    "Exporting…": "正在导出…",
    "Saved %1 (%2 KB).": "已保存 %1（%2 KB）。",
    "Export cancelled; nothing was saved.": "导出已取消，未保存任何文件。",
    "Your role may not export this list.": "您的角色无权导出这份名单。",
    "The export failed (the server may be out of reach); nothing was saved.":
        "导出失败（可能连不上服务器），未保存任何文件。",
    "Household id": "户编号",
    "Show history": "查看记录",
    "Seed (empty: the server picks and records one)": "随机种子（留空则由服务器选定并记录）",
    "Draw a spot-check sample": "抽取重点抽查样本",
    "Per cadre": "每位村干部抽取",
    "Seed": "随机种子",
    "When": "时间",
    "What": "操作",
    "Who": "操作人",
    "Device": "设备",
    "Spot check %1, seed %2, %3 % per cadre": "重点抽查 %1，随机种子 %2，每位村干部抽取 %3 %",
    "The server could not answer (offline, or outside your scope).":
        "服务器无法应答（离线，或超出您的管辖范围）。",
    "Confirmed on the revisit": "复核属实",
    "Discrepancy found": "发现不符",
    "Household not reached": "未能入户",
    "Record the outcome": "记录抽查结果",
    # Photos and the camera (survey screen)
    "Add photos from files…": "从文件添加照片…",
    "Take a photo…": "拍照…",
    "Take a photo": "拍照",
    "Rotate left": "向左旋转",
    "Rotate right": "向右旋转",
    "Remove photo": "删除照片",
    "Preparing photos…": "正在处理照片…",
    "Kind of the selected photo:": "所选照片的类别：",
    "Add photos": "添加照片",
    "Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)": "照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)",
    "This file could not be read as a photo (JPEG or PNG).": "无法把这个文件读取为照片（JPEG 或 PNG）。",
    "The photo could not be stored: %1": "照片未能保存：%1",
    "Kind not chosen": "未选类别",
    "Capture": "拍摄",
    "No camera was found on this laptop.": "这台电脑上没有找到摄像头。",
    "The camera could not be started.": "摄像头无法启动。",
    # Tools menu: change passphrase, settings
    "&Tools": "工具(&T)",
    "Change passphrase…": "修改口令…",
    "Settings…": "设置…",
    "Change passphrase": "修改口令",
    "Change": "修改",
    "Your data stays as it is; only the passphrase that opens it changes. "
    "County IT can still recover it with the county's recovery key.":
        "您的数据保持不变，只是打开它的口令改了。县里信息技术人员仍可用县级恢复密钥恢复数据。",
    "Current passphrase": "当前口令",
    "Type your current passphrase first.": "请先输入当前口令。",
    "Settings": "设置",
    " min": " 分钟",
    "The new language is used from the next start.": "新的语言将在下次启动时使用。",
    "Lock after this much idle time": "闲置多长时间后自动锁定",
    "Language": "语言",
    # --- issue 18: ID numbers typed with an input method (the wrong character and its place)
    "Character {position} of the ID number, “{char}”, is not a digit.":
        "身份证号第{position}位“{char}”不是数字。",
    "The last character of the ID number, “{char}”, must be a digit or X.":
        "身份证号第18位“{char}”应为数字或X。",
    "An ID number has 18 characters; this one has {count}.":
        "身份证号应为18位，现在是{count}位。",
    # --- issue 17: XLSForm forms in the survey screen
    "Add: %1": "添加：%1",
    "row %1": "第 %1 行",
    "Select a row above to see its: %1": "在上表选中一行，查看其：%1",
    "Choose a photo…": "选择照片…",
    # --- issue 14: cases (评议、公示、异议、审批、复核), posting lists, the case panel
    'posting until %1, %2 day(s) left':
        '公示至 %1，还剩 %2 天',
    're-check on %1':
        '%1 复核',
    'Cases of this household':
        '本户救助案件',
    'Programme':
        '救助项目',
    'Step':
        '环节',
    'Days in step':
        '本环节天数',
    'Posting days left':
        '公示剩余天数',
    'Due':
        '待办',
    'Proposed monthly amount':
        '拟定月救助金额',
    'Changed on this laptop; waiting for the server.':
        '已在本机修改，等待服务器确认。',
    'waiting to sync':
        '待同步',
    'Refused by the server':
        '服务器未予受理',
    'Overdue':
        '逾期',
    'Any':
        '不限',
    'At most %1':
        '不超过 %1 天',
    'All cases':
        '全部案件',
    'Overdue only':
        '仅逾期',
    'Save posting as PDF…':
        '公示名单存为 PDF…',
    'Save posting as xlsx…':
        '公示名单存为 xlsx…',
    'Posting':
        '公示',
    'All steps':
        '全部环节',
    '%1 of %2 cases':
        '%2 件中的 %1 件',
    'since %1 (%2 days)':
        '自 %1 起（%2 天）',
    'Posting %1 – %2':
        '公示 %1 至 %2',
    'day %1, %2 day(s) left':
        '第 %1 天，还剩 %2 天',
    'the window has closed':
        '公示期已满',
    'open':
        '未处理',
    'upheld':
        '成立',
    'dismissed':
        '不成立',
    'Saved here; it goes to the server with the next sync.':
        '已保存在本机，下次同步时发送到服务器。',
    'Save the posting list':
        '保存公示名单',
    'PDF (*.pdf)':
        'PDF 文件 (*.pdf)',
    'Spreadsheet (*.xlsx)':
        '电子表格 (*.xlsx)',
    'Posting list saved: %1':
        '公示名单已保存：%1',
    'The posting list could not be written there.':
        '无法在该位置写入公示名单。',
    'Application taken, survey needed':
        '已受理申请，待入户调查',
    'Survey approved':
        '调查已审核通过',
    'Economic check requested':
        '已申请家庭经济状况核对',
    'Economic check recorded':
        '核对结果已录入',
    'Appraised by the village':
        '村级民主评议已完成',
    'Reviewed by the township':
        '乡镇已审核',
    'Public posting':
        '公示',
    'Exited':
        '已退出',
    'Re-check':
        '复核',
    'Survey needed':
        '需入户调查',
    'Request the economic check':
        '申请经济状况核对',
    'Record the check result':
        '录入核对结果',
    'Village appraisal due':
        '待民主评议',
    'Township review due':
        '待乡镇审核',
    'Posting due':
        '待公示',
    'Posting window open':
        '公示中',
    'Objections to settle':
        '异议待处理',
    'Decision due':
        '待审批',
    'Re-check due':
        '到期待复核',
    'Request check':
        '申请核对',
    'Record check result…':
        '录入核对结果…',
    'Record appraisal meeting…':
        '录入民主评议会…',
    'Township review…':
        '乡镇审核…',
    'Create posting…':
        '发起公示…',
    'Record objection…':
        '登记异议…',
    'Settle objection…':
        '处理异议…',
    'Decide…':
        '审批…',
    'Start re-check':
        '开始复核',
    'Case opened':
        '立案',
    'Village appraisal':
        '民主评议',
    'Objection received':
        '收到异议',
    'Objection upheld':
        '异议成立',
    'Objection dismissed':
        '异议不成立',
    'Queued on this laptop':
        '已在本机排队',
    'Accepted by the server':
        '服务器已受理',
    'opening the case':
        '立案',
    'requesting the check':
        '申请核对',
    'recording the check':
        '录入核对结果',
    'the appraisal meeting':
        '民主评议会',
    'the township review':
        '乡镇审核',
    'the posting':
        '公示',
    'the objection':
        '异议登记',
    'settling the objection':
        '异议处理',
    'the decision':
        '审批决定',
    'starting the re-check':
        '开始复核',
    'the change of circumstances':
        '情况变化',
    'The case is at “{step}”; this needs it at “{expected}”.':
        '案件当前处于“{step}”，此操作需要在“{expected}”环节进行。',
    'Your role may not do this at this level.':
        '您的角色在此层级无权进行此操作。',
    'This case is outside your area.':
        '此案件不在您的辖区内。',
    'The server does not know this case.':
        '服务器上没有此案件。',
    'The server does not know this household.':
        '服务器上没有此户。',
    'The server does not know this survey.':
        '服务器上没有此调查表。',
    'The county does not run this programme as cases.':
        '本县未将此救助项目纳入案件办理。',
    'The server does not know this objection.':
        '服务器上没有此异议。',
    "The household's survey is not approved yet.":
        '此户的调查表尚未审核通过。',
    'The survey has no signed consent to the economic check.':
        '调查表中没有签字的家庭经济状况核对授权。',
    'The meeting minutes photo had not reached the server.':
        '评议会记录照片尚未上传到服务器。',
    "The county's rules skip this step for this programme.":
        '按本县规则，此救助项目不经过这一环节。',
    'The household already has an open case in this programme.':
        '此户在该救助项目中已有在办案件。',
    'The case is not in this village.':
        '此案件不属于该村。',
    'No decision yet: today is day {day} of the {window_days}-day posting, which ends on {ends_on} ({days_left} day(s) left).':
        '暂不能审批：今天是 {window_days} 天公示期的第 {day} 天，公示至 {ends_on} 结束（还剩 {days_left} 天）。',
    'Objections are recorded only during the posting, {starts_on} to {ends_on}.':
        '异议只能在公示期内（{starts_on} 至 {ends_on}）登记。',
    '{count} objection(s) still to settle before a decision.':
        '还有 {count} 条异议未处理，暂不能审批。',
    'This objection was already settled.':
        '此异议已经处理过。',
    'A written reason is needed.':
        '需要填写书面理由。',
    'An approval needs a category, a monthly amount and a start month.':
        '批准需要填写类别、月救助金额和起始月份。',
    'The server refused this (code {code}).':
        '服务器未予受理（代码 {code}）。',
    'Refused: {op}.':
        '未受理：{op}。',
    'Only supervisors work cases.':
        '只有督导人员可以办理案件。',
    'This case is not on this laptop.':
        '本机上没有此案件。',
    'Type the monthly amount in yuan, for example 320 or 320.50.':
        '请按元填写月救助金额，例如 320 或 320.50。',
    'Type the start month as YYYY-MM, for example 2027-01.':
        '请按 YYYY-MM 格式填写起始月份，例如 2027-01。',
    'Choose a category.':
        '请选择类别。',
    'Write what the objection says.':
        '请填写异议内容。',
    'Name at least one member present.':
        '请至少填写一名到会人员。',
    'Choose at least one case.':
        '请至少选择一个案件。',
    'Attach a photo of the minutes (JPEG or PNG).':
        '请附上会议记录照片（JPEG 或 PNG）。',
    'The minutes photo is too large.':
        '会议记录照片太大。',
    'The minutes photo carries location data; take it again in the app.':
        '会议记录照片含有位置信息，请在本软件中重新拍摄。',
    'The date cannot be in the future.':
        '日期不能晚于今天。',
    'A posting cannot start in the past.':
        '公示开始日期不能早于今天。',
    'All cases must be in the chosen village.':
        '所有案件必须属于所选的村。',
    'Choose an outcome.':
        '请选择结果。',
    'Votes cannot be negative.':
        '票数不能为负数。',
    'Something went wrong; nothing was saved.':
        '出错了，未保存任何内容。',
    'Dibao':
        '低保',
    'Destitute support':
        '特困供养',
    'Check result: %1':
        '核对结果：%1',
    'Eligible':
        '符合',
    'Not eligible':
        '不符合',
    'Unclear':
        '待定',
    'Decision: %1':
        '审批：%1',
    'Approve':
        '批准',
    'Refuse':
        '不予批准',
    'Told to the household':
        '将告知申请户',
    'Decision':
        '审批决定',
    'Category':
        '类别',
    'Monthly amount (yuan)':
        '月救助金额（元）',
    'Start month':
        '起始月份',
    'Reason for a refusal':
        '不予批准的理由',
    'The posting still runs: day %1, %2 day(s) left. The server refuses a decision before the window has closed.':
        '公示尚未结束：第 %1 天，还剩 %2 天。公示期满前服务器不受理审批决定。',
    'Case':
        '救助案件',
    'Village appraisal meeting':
        '村民主评议会',
    'One name a line':
        '每行一个姓名',
    'Choose the minutes photo…':
        '选择会议记录照片…',
    'No photo yet':
        '尚无照片',
    'Held on':
        '召开日期',
    'Place':
        '地点',
    'Members present':
        '到会人员',
    'Household':
        '户',
    'Outcome':
        '结果',
    'For':
        '赞成',
    'Against':
        '反对',
    'Abstain':
        '弃权',
    'Agree':
        '同意',
    'Disagree':
        '不同意',
    'Defer':
        '暂缓',
    'Photo ready (%1 KB)':
        '照片已就绪（%1 KB）',
    'Minutes photo':
        '会议记录照片',
    'Images (*.jpg *.jpeg *.png)':
        '图片 (*.jpg *.jpeg *.png)',
    'Preparing the photo…':
        '正在处理照片…',
    'That file is not a photo Qt can read.':
        '该文件不是可读取的照片。',
    'Objection: %1':
        '异议：%1',
    'Optional':
        '可不填',
    'Received on':
        '收到日期',
    'Raised by':
        '提出人',
    'What it says':
        '异议内容',
    'Public posting: %1':
        '公示：%1',
    'Starts on':
        '开始日期',
    'Cases':
        '救助案件',
    "The posting runs for the county's number of calendar days from the start date.":
        '公示期按本县规定的天数，从开始日期起按自然日计算。',
    'Proposed monthly amount (yuan)':
        '拟定月救助金额（元）',
    'Posted from %1 to %2 (%3 calendar days). Objections to the township civil-affairs office during the posting.':
        '公示时间：%1 至 %2（共 %3 天）。公示期间如有异议，请向乡镇民政办反映。',
    'Township review: %1':
        '乡镇审核：%1',
    'Pass':
        '通过',
    'Return for re-check':
        '退回复核',
    'Proposed category':
        '拟定类别',
    'Comment':
        '意见',
    'Settle an objection: %1':
        '处理异议：%1',
    'Upheld: back to re-check':
        '成立：退回复核',
    'Dismissed':
        '不成立',
    'Objection':
        '异议',
    'Reason':
        '理由',
    'Next re-check':
        '下次复核',
    'Objections':
        '异议',
    'Application at the window…':
        '窗口受理申请…',
    'Application at the window':
        '窗口受理申请',
    'Dismiss':
        '知道了',
    'Choose a programme the county runs as cases.':
        '请选择本县按案件办理的救助项目。',
    'Choose a household from the list.':
        '请从列表中选择一户。',
    'Applicant':
        '申请人',
    'The case waits for an approved survey of the household.':
        '案件将等待该户的入户调查审核通过。',
    'Change of circumstances…':
        '情况变化…',
    'Change of circumstances: %1':
        '情况变化：%1',
    'Adjust the amount':
        '调整救助金额',
    'Exit the programme':
        '退出救助',
    'The case goes through the check, appraisal and posting again.':
        '案件将重新经过核对、评议和公示。',
    'Confirm the exit':
        '确认退出',
    # --- issue 15: economic-status check (re-check tasks on the survey screen)
    "The county's economic-status check asks you to confirm:": "家庭经济状况核对提示，请与家庭核实：",
    "Economic-status check": "家庭经济状况核对",
    "Fetching the check from the server…": "正在从服务器获取核对结果…",
    "The check is available when online.": "联网后可查看核对结果。",
    "The household has not signed the consent: not checked.": "该户未签署核对授权，未进行核对。",
    "No department record matches a member.": "各部门数据中未发现与家庭成员相符的记录。",
    "explained": "已说明",
    "Department": "部门",
    "Record": "部门记录",
    "Survey said": "调查填报",
    # --- issue 14: the cases screen's reports page
    "Queue": "案件队列",
    "Reports": "统计报表",
    "Save as xlsx…": "另存为 xlsx…",
    "Cases by programme and step": "按救助项目和环节统计案件",
    "Postings open today": "正在公示",
    "Re-checks and decisions": "复核与审批",
    "From this laptop's data as of %1 (the last sync and the work done here since). "
    "Re-checks due by %2, the end of the round; decisions since %3.":
        "依据本机截至 %1 的数据（上次同步及此后在本机的办理）。复核统计至本轮结束日 %2；"
        "审批统计自 %3 起。",
    "Township": "乡镇",
    "Total": "合计",
    "Cases by step": "按环节统计",
    "Posted from": "公示起始日",
    "Last day": "公示截止日",
    "Days left": "剩余天数",
    "Postings open": "正在公示",
    "Re-checks due this round": "本轮应复核",
    "Decisions this month": "本月审批",
    "Monthly total (yuan)": "月保障金合计（元）",
    "Save the reports": "保存统计报表",
    "Reports saved: %1": "统计报表已保存：%1",
    "The reports could not be written there.": "无法将统计报表写入该位置。",
    # --- issue 19: wrong-passphrase back-off and the idle/suspend lock
    "Too many wrong passphrases: this profile is now closed to passphrases. County IT can open it with the county recovery key and set a new passphrase.": "密码错误次数过多：此档案已不再接受密码。请县信息中心用县级恢复密钥打开并设置新密码。",
    "%n more wrong passphrase(s) and only county IT's recovery can open this profile.": "再输错 %n 次密码，就只能由县信息中心用恢复密钥打开此档案。",
    "You can try again in %n second(s).": "%n 秒后可再试。",
    "Locked when the laptop went to sleep": "电脑休眠时已锁定",
    "This profile was written by a newer version of Doorstep. Install that version (ask county IT); nothing in the profile was changed.": "此档案由更新版本的入户通写入。请安装该版本（联系县信息中心）；档案内容未作任何改动。",
    # --- issue 15: marking a flag explained in the review detail
    "Mark explained…": "标记为已说明…",
    "Mark the flag explained": "标记疑点已说明",
    "Why the department's record does not change the survey:": "部门记录为何不影响本次调查结论：",
    "The explanation was recorded.": "说明已记录。",
    "The explanation could not be sent: the server is not reachable. Try again.": "说明未能发送：无法连接服务器，请重试。",
    # --- h19w: a survey withdrawn by the county as recorded in error
    "Withdrawn by the county": "已被县里撤销",
    "Withdrawn by the county as recorded in error: {reason}": "县里认定为误录，已撤销：{reason}",
    "Withdrawn by the county as recorded in error: %1": "县里认定为误录，已撤销：%1",
    "Nothing to decide: it has left the queue.": "无需审核：已移出审核队列。",
    "Survey this household again": "重新调查此户",
    # --- h19s: the sync's refusals of a request (signature, clock, device, app)
    "%1 d %2 h": "%1 天 %2 小时",
    "%1 h %2 min": "%1 小时 %2 分钟",
    "%1 h": "%1 小时",
    "%1 min": "%1 分钟",
    "clock wrong": "时钟不准",
    "This laptop's clock is %1 ahead of the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.": "本机时钟比服务器快 %1，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。",
    "This laptop's clock is %1 behind the server's, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.": "本机时钟比服务器慢 %1，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。",
    "This laptop's clock is wrong, so the server refused the sync. Set the correct date, time and time zone on this laptop, then sync again. Nothing is lost.": "本机时钟不准，服务器因此拒绝了这次同步。请把本机的日期、时间和时区设置正确，然后再同步。数据没有丢失。",
    "The server received a delayed copy of a request and refused it; nothing was changed. Sync again; if this repeats, check this laptop's date and time.": "服务器收到一份延迟送达的请求副本，已拒绝，没有任何改动。请再同步一次；如果反复出现，请检查本机的日期和时间。",
    "This laptop's enrollment has been revoked on the server. Contact county IT to enroll it again; the records waiting on this laptop are kept.": "本机的注册已在服务器上被撤销。请联系县信息中心重新注册；本机待发送的记录都会保留。",
    "The server does not know this laptop's enrollment. Contact county IT to enroll it again; the records waiting on this laptop are kept.": "服务器不认识本机的注册。请联系县信息中心重新注册；本机待发送的记录都会保留。",
    "Your account is disabled on the server. Contact county IT; the records waiting on this laptop are kept.": "您的账号已在服务器上停用。请联系县信息中心；本机待发送的记录都会保留。",
    "This Doorstep app is too old for the server. Update it with the installer from county IT, then sync again; the records waiting on this laptop are kept.": "此入户通版本过旧，服务器不再接受。请用县信息中心提供的安装程序更新后再同步；本机待发送的记录都会保留。",
    "The server had already received a copy of this request and refused the second one; nothing was changed and nothing is lost. Sync again.": "服务器已收到过这次请求的副本，拒绝了重复的一份；没有任何改动，数据没有丢失。请再同步一次。",
    "The data changed on the way to the server (a faulty or hostile network), so the server stored nothing. Nothing is lost on this laptop; sync again, on another network if this repeats.": "数据在传往服务器的途中被改动（网络故障或遭篡改），服务器未保存任何内容。本机数据没有丢失；请再同步一次，如果反复出现请换一个网络。",
    "The server could not verify this laptop's signature on the request (something on the network may have changed it). Nothing was stored and nothing is lost. Sync again, on another network if this repeats; then contact county IT.": "服务器无法验证本机对请求的签名（网络上可能有人改动了请求）。服务器未保存任何内容，数据没有丢失。请再同步一次，如果反复出现请换一个网络，仍不行请联系县信息中心。",
}  # fmt: skip


def fill(ts: Path, table: dict[str, str] | None) -> list[str]:
    """Write translations into a .ts file; returns the sources still untranslated."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = source if table is None else table.get(source)
        if text is None:
            missing.append(source)
            continue
        if message.get("numerus") == "yes":
            # Plural forms: Chinese has one, English two (both "%n item(s)" is fine here).
            for form in list(translation):
                translation.remove(form)
            translation.text = None
            for _ in range(1 if table is not None else 2):
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = text
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    zh, en = HERE / "doorstep_zh_CN.ts", HERE / "doorstep_en.ts"
    subprocess.run([BIN / "pyside6-lupdate", *sources, "-ts", zh, en, "-no-obsolete"], check=True)
    missing = fill(zh, ZH)
    fill(en, None)
    subprocess.run([BIN / "pyside6-lrelease", zh, en], check=True)
    for source in missing:
        print(f"untranslated (zh_CN): {source}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
