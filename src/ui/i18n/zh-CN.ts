import type { Catalogue } from './en';

/** 简体中文. The `Catalogue` type makes the compiler demand every key of the English catalogue. */
export const zhCN: Catalogue = {
  'app.loading': '正在启动实验环境…',
  'app.untitled': '未命名实验',

  'topbar.share': '分享',
  'topbar.shareHint': '把当前实验写入地址栏并复制链接',
  'topbar.help': '帮助',
  'topbar.language': '语言',

  'toast.linkCopied': '链接已复制',
  'toast.linkInAddressBar': '链接已写入地址栏（浏览器不允许复制）',
  'toast.commandFailed': '命令执行失败：{detail}',
  'toast.dismiss': '关闭',

  'error.badLink': '无法读取此链接（{detail}），已改为加载默认实验。',
  'error.loadFailed': '无法加载此实验（{detail}），已改为加载默认实验。',
  'error.engineFailed': '实验引擎出错：{detail}',
  'error.dismiss': '关闭',

  'palette.title': '添加',
  'palette.host': '主机',
  'palette.hostHint':
    '一台拥有独立网络协议栈的 Linux 主机。点击或拖到画布上（执行 “machine add”）。',
  'palette.router': '路由器',
  'palette.routerHint':
    '一台在各网络接口之间转发 IP 数据包的 Linux 机器（执行 “machine add --kind router”）。',
  'palette.segment': '二层网段',
  'palette.segmentHint':
    '一个二层网络，类似交换机：接入它的机器处于同一个以太网广播域（执行 “segment add”）。',
  'palette.cableHint': '要把机器接入网段，请从机器下方的圆点拖到网段上。',

  'canvas.label': '拓扑画布',
  'kind.host': '主机',
  'kind.router': '路由器',
  'kind.segment': '二层网段',

  'inspector.title': '检查器',
  'inspector.empty': '在画布上选择一台机器或一个网段，即可查看详细信息。',
  'inspector.kind': '类型',
  'inspector.name': '名称',
  'inspector.hostname': '主机名',
  'inspector.netns': '网络命名空间',
  'inspector.netnsNone': '仅有根命名空间',
  'inspector.cables': '网线',
  'inspector.cablesNone': '没有网线',
  'inspector.openTerminal': '打开终端',
  'inspector.delete': '删除',

  'terminal.title': '终端',
  'terminal.empty': '点击画布上的机器，即可打开它的终端。',
  'terminal.close': '关闭终端 {name}',
  'terminal.labConsole': '实验控制台',
  'terminal.labConsoleHint':
    '用于修改拓扑的命令：machine add、segment add、cable、uncable、title 等',
  'terminal.resize': '拖动以调整终端高度',
  'terminal.openFailed': '无法打开 shell：{detail}',

  'help.title': '帮助',
  'help.intro':
    'cnlab 是一个在浏览器中运行的容器网络实验室。每台机器的行为都和 Linux 主机一样：在它的终端里输入真实的命令，观察内核如何处理。',
  'help.canvas':
    '从左侧面板添加主机、路由器和二层网段。点击机器即可打开它的终端。拖动节点来调整布局；“分享”会生成指向当前实验的链接。',
  'help.shortcuts': '终端快捷键',
  'help.key.enter': '执行当前命令',
  'help.key.tab': '补全命令或名称',
  'help.key.history': '上一条 / 下一条历史命令',
  'help.key.ctrlC': '中断正在运行的命令，或放弃当前输入',
  'help.key.ctrlL': '清屏',
  'help.key.homeEnd': '移到行首 / 行尾',
  'help.key.ctrlU': '删除光标前的全部内容',
  'help.key.ctrlK': '删除光标后的全部内容',
  'help.key.ctrlW': '删除光标前的一个单词',
  'help.key.help': '打开本帮助（终端没有焦点时）',
  'help.close': '关闭',
};
